package io.leadscore.app;

import io.leadscore.rules.RulesLoader;
import io.leadscore.rules.ScoringRules;
import io.leadscore.serde.AvroSerdes;
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
  public static final String PARTITIONS = "leadscore.topics.partitions";
  public static final String REPLICATION_FACTOR = "leadscore.topics.replication.factor";
  public static final String CREATE_TOPICS = "leadscore.topics.create";
  public static final String AVRO_SERDE = "leadscore.avro.serde";
  public static final String API_HOST = "leadscore.api.host";
  public static final String API_PORT = "leadscore.api.port";
  public static final String API_TOKEN = "leadscore.api.token";
  static final Set<String> OWN_KEYS = Set.of(RULES_FILE, PARTITIONS, REPLICATION_FACTOR, CREATE_TOPICS, AVRO_SERDE,
      API_HOST, API_PORT, API_TOKEN);
  private static final String ENV_PREFIX = "LEADSCORE_";

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
    return new LeadscoreConfig(values);
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

  public int partitions() {
    return positiveInt(PARTITIONS);
  }

  public short replicationFactor() {
    return (short) positiveInt(REPLICATION_FACTOR);
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
    try {
      int value = Integer.parseInt(values.get(key));
      if (value < 1) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a positive whole number, was '" + values.get(key) + "'");
    }
  }
}
