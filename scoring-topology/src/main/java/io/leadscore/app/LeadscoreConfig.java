package io.leadscore.app;

import io.leadscore.rules.RulesLoader;
import io.leadscore.rules.ScoringRules;
import io.leadscore.serde.AvroLimits;
import io.leadscore.serde.AvroSerdes;
import io.leadscore.topology.BoundedRocksDbMemory;
import io.leadscore.serde.WireFormatAvroSerde;
import io.leadscore.topology.StreamsDefaults;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The application's settings, from lowest to highest precedence: built-in defaults, a properties file, environment
 * variables {@code LEADSCORE_*}, and command-line settings. Every key that is not one of leadscore's own
 * ({@code leadscore.*}) goes to Kafka Streams, its clients and the Avro serde unchanged.
 *
 * <p>Environment variables map by lower-casing and turning {@code _} into {@code .}: {@code LEADSCORE_BOOTSTRAP_SERVERS}
 * is {@code bootstrap.servers}, {@code LEADSCORE_RULES_FILE} is {@code leadscore.rules.file}.
 */
public final class LeadscoreConfig {

  public static final String RULES_FILE = "leadscore.rules.file";
  /** Whether the live app runs the rules version last promoted in the catalog, rather than the rules file. */
  public static final String RULES_CATALOG = "leadscore.rules.catalog";
  public static final String PARTITIONS = "leadscore.topics.partitions";
  public static final String REPLICATION_FACTOR = "leadscore.topics.replication.factor";
  public static final String CREATE_TOPICS = "leadscore.topics.create";
  public static final String AVRO_SERDE = "leadscore.avro.serde";
  public static final String API_HOST = "leadscore.api.host";
  public static final String API_PORT = "leadscore.api.port";
  public static final String API_TOKEN = "leadscore.api.token";
  public static final String MAX_RECORD_FAILURES = "leadscore.errors.record.max.failures";
  public static final String AVRO_MAX_STRING_LENGTH = "leadscore.avro.limits.string.max.length";
  public static final String AVRO_MAX_BYTES_LENGTH = "leadscore.avro.limits.bytes.max.length";
  public static final String AVRO_MAX_COLLECTION_ITEMS = "leadscore.avro.limits.collection.max.items";
  static final Set<String> OWN_KEYS = Set.of(RULES_FILE, RULES_CATALOG, PARTITIONS, REPLICATION_FACTOR, CREATE_TOPICS, AVRO_SERDE,
      API_HOST, API_PORT, API_TOKEN, MAX_RECORD_FAILURES, AVRO_MAX_STRING_LENGTH, AVRO_MAX_BYTES_LENGTH,
      AVRO_MAX_COLLECTION_ITEMS, BoundedRocksDbMemory.MEMORY_CONFIG);
  private static final String ENV_PREFIX = "LEADSCORE_";
  private static final String CONFIG_PROVIDERS = "config.providers";

  private final Map<String, String> values;

  private LeadscoreConfig(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  public static Map<String, String> defaults() {
    Map<String, String> defaults = new HashMap<>();
    StreamsDefaults.properties().forEach((k, v) -> defaults.put(k.toString(), v.toString()));
    defaults.put(StreamsConfig.APPLICATION_ID_CONFIG, "leadscore");
    defaults.put(StreamsConfig.STATE_DIR_CONFIG, Path.of(System.getProperty("java.io.tmpdir"), "leadscore-state")
        .toString());
    defaults.put(PARTITIONS, "6");
    defaults.put(REPLICATION_FACTOR, "3");
    defaults.put(CREATE_TOPICS, "true");
    defaults.put(AVRO_SERDE, WireFormatAvroSerde.class.getName());
    defaults.put(API_HOST, "0.0.0.0");
    defaults.put(API_PORT, "8080");
    defaults.put(MAX_RECORD_FAILURES, "3");
    defaults.put(BoundedRocksDbMemory.MEMORY_CONFIG, Long.toString(BoundedRocksDbMemory.DEFAULT_MEMORY_BYTES));
    defaults.put(AVRO_MAX_STRING_LENGTH, Integer.toString(AvroLimits.DEFAULT.maxStringBytes()));
    defaults.put(AVRO_MAX_BYTES_LENGTH, Integer.toString(AvroLimits.DEFAULT.maxBytes()));
    defaults.put(AVRO_MAX_COLLECTION_ITEMS, Integer.toString(AvroLimits.DEFAULT.maxCollectionItems()));
    return defaults;
  }

  /** Layers the sources; a later one wins. {@code file} may be null. */
  public static LeadscoreConfig load(Path file, Map<String, String> env, Map<String, String> overrides) {
    Map<String, String> values = defaults();
    if (file != null) {
      values.putAll(readProperties(file));
    }
    values.putAll(fromEnvironment(env));
    values.putAll(overrides);
    return new LeadscoreConfig(withSecretsResolved(values));
  }

  /**
   * Resolves references such as {@code ${dir:/etc/leadscore/secrets:api-token}} with Kafka's config providers
   * ({@code config.providers}), in leadscore's own settings as in those of Kafka and the registry, so that secrets
   * live in mounted files or the environment, never in a committed configuration.
   */
  private static Map<String, String> withSecretsResolved(Map<String, String> values) {
    if (!values.containsKey(CONFIG_PROVIDERS)) {
      return values;
    }
    Map<String, String> resolved = new HashMap<>();
    new AbstractConfig(new ConfigDef(), values, false).originals()
        .forEach((key, value) -> resolved.put(key, String.valueOf(value)));
    return resolved;
  }

  static Map<String, String> fromEnvironment(Map<String, String> env) {
    Map<String, String> values = new HashMap<>();
    env.forEach((name, value) -> {
      if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
        String key = name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
        values.put(OWN_KEYS.contains("leadscore." + key) ? "leadscore." + key : key, value);
      }
    });
    return values;
  }

  private static Map<String, String> readProperties(Path file) {
    Properties props = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      props.load(reader);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read configuration file " + file + ": " + e.getMessage(), e);
    }
    Map<String, String> values = new HashMap<>();
    props.forEach((k, v) -> values.put(k.toString().trim(), v.toString().trim()));
    return values;
  }

  public String get(String key) {
    return values.get(key);
  }

  public LeadscoreConfig with(String key, String value) {
    Map<String, String> changed = new HashMap<>(values);
    changed.put(key, value);
    return new LeadscoreConfig(changed);
  }

  /** The cluster to connect to; a clear error when it is not set. */
  public String bootstrapServers() {
    String bootstrap = values.get("bootstrap.servers");
    if (bootstrap == null || bootstrap.isBlank()) {
      throw new IllegalArgumentException("bootstrap.servers is not set: use --set bootstrap.servers=HOST:PORT, "
          + "LEADSCORE_BOOTSTRAP_SERVERS or a --config file");
    }
    return bootstrap;
  }

  public int partitions() {
    return positiveInt(PARTITIONS);
  }

  public short replicationFactor() {
    return (short) positiveInt(REPLICATION_FACTOR);
  }

  public boolean rulesFromCatalog() {
    return Boolean.parseBoolean(values.get(RULES_CATALOG));
  }

  public boolean createTopics() {
    return Boolean.parseBoolean(values.get(CREATE_TOPICS));
  }

  /** The API's port: 0 for any free port, negative to serve no API. */
  public int apiPort() {
    try {
      return Integer.parseInt(values.get(API_PORT).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(API_PORT + " must be a port number, 0 for any, or -1 for none");
    }
  }

  /** How many times one record may fail a stream thread before it is dead-lettered or the app stops. */
  public int maxRecordFailures() {
    return positiveInt(MAX_RECORD_FAILURES);
  }

  /** Memory outside the heap for all RocksDB stores of the process. */
  public long rocksDbMemoryBytes() {
    return positiveLong(BoundedRocksDbMemory.MEMORY_CONFIG);
  }

  public AvroLimits avroLimits() {
    return new AvroLimits(positiveInt(AVRO_MAX_STRING_LENGTH), positiveInt(AVRO_MAX_BYTES_LENGTH),
        positiveInt(AVRO_MAX_COLLECTION_ITEMS));
  }

  public ScoringRules rules() {
    String file = values.get(RULES_FILE);
    return file == null || file.isBlank() ? RulesLoader.loadDefault() : RulesLoader.load(Path.of(file));
  }

  public AvroSerdes avroSerdes() {
    return new AvroSerdes(values.get(AVRO_SERDE), clientSettings());
  }

  /** Everything for Kafka Streams and its clients: all but leadscore's own keys. */
  public Properties streamsProperties() {
    Properties props = new Properties();
    props.putAll(clientSettings());
    props.putIfAbsent(StreamsConfig.REPLICATION_FACTOR_CONFIG, values.get(REPLICATION_FACTOR));
    return props;
  }

  /** Settings for an Admin, producer or consumer of the same cluster. */
  public Map<String, Object> clientSettings() {
    Map<String, Object> settings = new HashMap<>();
    values.forEach((k, v) -> {
      if (!OWN_KEYS.contains(k)) {
        settings.put(k, v);
      }
    });
    return settings;
  }

  private int positiveInt(String key) {
    long value = positiveLong(key);
    if (value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(key + " must be at most " + Integer.MAX_VALUE + ", was " + value);
    }
    return (int) value;
  }

  private long positiveLong(String key) {
    try {
      long value = Long.parseLong(values.get(key));
      if (value < 1) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a positive whole number, was '" + values.get(key) + "'");
    }
  }
}
