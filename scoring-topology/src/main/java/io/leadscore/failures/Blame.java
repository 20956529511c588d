package io.leadscore.failures;

import io.leadscore.serde.SchemaRegistrationException;
import org.apache.avro.AvroRuntimeException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Whose fault a failure is, which decides what becomes of the record, the way Kafka Connect tells retriable from
 * tolerable errors.
 */
public enum Blame {
  /** The record's content: unreadable, of another type, invalid, or making an output too large. Dead-lettered. */
  RECORD,
  /**
   * Trouble around the record: the schema registry or the broker down, slow or refusing credentials, a store that
   * cannot be written. Retried with backoff, never dead-lettered; if it outlasts the retries the app stops.
   */
  OUTAGE,
  /** An unexpected exception. Retried; a record it keeps failing on is the cause, and is dead-lettered. */
  UNKNOWN,
  /** The app cannot go on: the JVM is out of memory, or the registry refuses leadscore's own schemas. It stops. */
  FATAL;

  /** Looks at the whole cause chain: a registry outage wrapped in a serialization error is still an outage. */
  public static Blame of(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof VirtualMachineError || t instanceof SchemaRegistrationException) {
        return FATAL;
      }
      if (t instanceof RetriableException || t instanceof InterruptException) {
        return OUTAGE;
      }
    }
    Throwable root = failure;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof InvalidInputException || t instanceof SerializationException
          || t instanceof AvroRuntimeException) {
        return RECORD;
      }
      root = t;
    }
    // Kafka's own exceptions with nothing of the record's beneath them come from the clients or the stores.
    return root instanceof KafkaException ? OUTAGE : UNKNOWN;
  }
}
