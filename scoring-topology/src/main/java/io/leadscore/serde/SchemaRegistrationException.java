package io.leadscore.serde;

import org.apache.kafka.common.KafkaException;

/**
 * The registry refused to register one of leadscore's own schemas, for example because the subject's compatibility
 * rule rejects it. Every output of that type would fail the same way: a deployment problem, not a bad record, so the
 * app stops with this message instead of dead-lettering its input.
 */
public class SchemaRegistrationException extends KafkaException {

  public SchemaRegistrationException(String message) {
    super(message);
  }
}
