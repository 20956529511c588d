package io.leadscore.serde;

import org.apache.avro.Schema;

/** The two calls of a schema registry that the wire format needs. */
public interface SchemaRegistry {

  /** Registers {@code schema} under {@code subject} (or finds it there) and returns its global id. */
  int register(String subject, Schema schema);

  /** The schema with this global id; throws {@link UnknownSchemaException} if the registry has none. */
  Schema schemaById(int id);
}
