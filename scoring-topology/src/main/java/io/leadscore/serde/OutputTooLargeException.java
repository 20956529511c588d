package io.leadscore.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * An output record would be larger than the producer may send. Refused while serializing, so the record that caused it
 * is dead-lettered; the producer itself would refuse it inside the open transaction, which would then abort, and the
 * same input would fail again after every retry.
 */
public class OutputTooLargeException extends SerializationException {

  public OutputTooLargeException(String message) {
    super(message);
  }
}
