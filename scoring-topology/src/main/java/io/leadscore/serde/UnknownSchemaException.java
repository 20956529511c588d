package io.leadscore.serde;

import org.apache.kafka.common.errors.SerializationException;

/** A record names a schema id the registry does not know. */
public class UnknownSchemaException extends SerializationException {

  public UnknownSchemaException(int id) {
    super("schema id " + id + " is not in the schema registry");
  }
}
