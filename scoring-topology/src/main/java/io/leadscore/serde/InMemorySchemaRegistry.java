package io.leadscore.serde;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * A registry held in memory, for the embedded demo and for tests. Registries are shared by scope name, so every serde
 * configured with {@code mock://<scope>} in one JVM sees the same ids, as with Confluent's serde.
 */
public final class InMemorySchemaRegistry implements SchemaRegistry {

  private static final Map<String, InMemorySchemaRegistry> SCOPES = new ConcurrentHashMap<>();

  private final Map<Integer, Schema> byId = new HashMap<>();
  private final Map<String, Integer> idByCanonicalForm = new HashMap<>();
  private final Map<String, Map<String, Integer>> subjects = new HashMap<>();

  public static InMemorySchemaRegistry scope(String name) {
    return SCOPES.computeIfAbsent(name, n -> new InMemorySchemaRegistry());
  }

  public static void dropScope(String name) {
    SCOPES.remove(name);
  }

  @Override
  public synchronized int register(String subject, Schema schema) {
    String canonical = SchemaNormalization.toParsingForm(schema);
    int id = idByCanonicalForm.computeIfAbsent(canonical, c -> {
      int next = byId.size() + 1;
      byId.put(next, schema);
      return next;
    });
    subjects.computeIfAbsent(subject, s -> new HashMap<>()).put(canonical, id);
    return id;
  }

  @Override
  public synchronized Schema schemaById(int id) {
    Schema schema = byId.get(id);
    if (schema == null) {
      throw new UnknownSchemaException(id);
    }
    return schema;
  }
}
