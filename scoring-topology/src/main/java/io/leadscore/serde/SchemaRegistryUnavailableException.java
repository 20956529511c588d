package io.leadscore.serde;

import org.apache.kafka.common.errors.RetriableException;

/**
 * The schema registry did not answer, or answered that it cannot serve the request now: unreachable, timing out, a
 * 5xx, 429, or credentials refused. Nothing is wrong with the record being read or written, so it is retried, never
 * dead-lettered.
 */
public class SchemaRegistryUnavailableException extends RetriableException {

  public SchemaRegistryUnavailableException(String message) {
    super(message);
  }

  public SchemaRegistryUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
