package io.leadscore.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.leadscore.topology.LeadscoreTopics;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * Docker cannot run on the build machines, so the compose file and the Dockerfile are checked against the app's own
 * configuration: topics, ports, addresses and environment variables must agree, as the app would read them.
 */
class DockerComposeTest {

  private static final Path ROOT = Path.of("..");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JsonNode services = read(ROOT.resolve("docker-compose.yml")).get("services");
  private final List<String> dockerfile = lines(ROOT.resolve("Dockerfile"));

  private static JsonNode read(Path yaml) {
    try {
      return new YAMLMapper().readTree(yaml.toFile());
    } catch (IOException e) {
      throw new AssertionError("cannot parse " + yaml, e);
    }
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private Map<String, String> env(String service) {
    Map<String, String> env = new LinkedHashMap<>();
    services.get(service).get("environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    return env;
  }

  /** The broker's address for containers: its advertised listener used between brokers. */
  private String internalBootstrap() {
    Map<String, String> kafka = env("kafka");
    Map<String, String> listeners = new HashMap<>();
    for (String listener : kafka.get("KAFKA_ADVERTISED_LISTENERS").split(",")) {
      String[] parts = listener.split("://");
      listeners.put(parts[0], parts[1]);
    }
    return listeners.get(kafka.get("KAFKA_INTER_BROKER_LISTENER_NAME"));
  }

  private LeadscoreConfig appConfig() {
    return LeadscoreConfig.load(null, env("leadscore"), Map.of());
  }

  private static String dockerfileValue(List<String> dockerfile, String instruction) {
    return dockerfile.stream().filter(l -> l.startsWith(instruction + " ")).reduce((a, b) -> b)
        .map(l -> l.substring(instruction.length() + 1).trim()).orElseThrow();
  }

  @Test
  void everyServiceDependsOnlyOnServicesThatExist() {
    List<String> names = new ArrayList<>();
    services.fieldNames().forEachRemaining(names::add);
    assertThat(names).contains("kafka", "schema-registry", "init-topics", "leadscore", "connect", "connect-init",
        "postgres", "kafka-ui");
    services.fields().forEachRemaining(service -> {
      JsonNode dependsOn = service.getValue().get("depends_on");
      if (dependsOn != null) {
        dependsOn.fieldNames().forEachRemaining(d -> assertThat(names).as(service.getKey()).contains(d));
      }
    });
    assertThat(services.at("/kafka/image").asText()).isEqualTo("apache/kafka:" + AppInfoParser.getVersion());
    assertThat(services.at("/init-topics/image").asText()).isEqualTo(services.at("/kafka/image").asText());
    assertThat(env("kafka")).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller");
  }

  @Test
  void theAppReachesTheBrokerAndRegistryAndServesItsApiWhereOthersLook() {
    LeadscoreConfig config = appConfig();
    assertThat(config.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)).isEqualTo(internalBootstrap());
    URI registry = URI.create(config.get("schema.registry.url"));
    assertThat(registry.getHost()).isEqualTo("schema-registry");
    assertThat(URI.create(env("schema-registry").get("SCHEMA_REGISTRY_LISTENERS")).getPort())
        .isEqualTo(registry.getPort());
    assertThat(config.createTopics()).as("init-topics creates them").isFalse();
    assertThat(config.streamsProperties().getProperty(StreamsConfig.REPLICATION_FACTOR_CONFIG)).as("one broker")
        .isEqualTo("1");

    int apiPort = config.apiPort();
    assertThat(config.get(StreamsConfig.APPLICATION_SERVER_CONFIG)).isEqualTo("leadscore:" + apiPort);
    assertThat(services.at("/leadscore/ports/0").asText()).endsWith(":" + apiPort);
    assertThat(dockerfileValue(dockerfile, "EXPOSE")).isEqualTo(Integer.toString(apiPort));
    assertThat(services.at("/leadscore/healthcheck/test").toString()).contains("/ready")
        .contains("localhost/" + apiPort);

    Map<String, String> imageEnv = new HashMap<>();
    dockerfile.stream().filter(l -> l.startsWith("ENV ")).map(l -> l.substring(4).trim().split("=", 2))
        .forEach(kv -> imageEnv.put(kv[0], kv[1]));
    String stateDir = LeadscoreConfig.load(null, imageEnv, Map.of()).get(StreamsConfig.STATE_DIR_CONFIG);
    assertThat(dockerfileValue(dockerfile, "VOLUME")).isEqualTo(stateDir);
    assertThat(services.at("/leadscore/volumes/0").asText()).endsWith(":" + stateDir);
  }

  @Test
  void theDockerfileRunsTheJarTheBuildMakes() {
    String copied = dockerfile.stream().filter(l -> l.startsWith("COPY --from=build")).findFirst().orElseThrow();
    assertThat(copied).contains("/src/scoring-topology/target/leadscore.jar /opt/leadscore/leadscore.jar");
    assertThat(String.join("\n", lines(Path.of("pom.xml")))).contains("<finalName>leadscore</finalName>");
    assertThat(dockerfileValue(dockerfile, "ENTRYPOINT")).contains("\"-jar\", \"/opt/leadscore/leadscore.jar\"");
    assertThat(dockerfileValue(dockerfile, "CMD")).isEqualTo("[\"run\"]");
    assertThat(dockerfileValue(dockerfile, "USER")).isNotEqualTo("root");
  }

  @Test
  void initTopicsCreatesTheContractWithTheAppsPartitioningAndCompaction() {
    String script = services.at("/init-topics/command/0").asText();
    assertThat(script).contains("--bootstrap-server " + internalBootstrap());
    Matcher create = Pattern.compile("(?m)^(partitions=1 )?create (\\S+)(.*)$").matcher(script);
    Map<String, String> created = new LinkedHashMap<>();
    Set<String> single = new HashSet<>();
    while (create.find()) {
      created.put(create.group(2), create.group(3).trim());
      if (create.group(1) != null) {
        single.add(create.group(2));
      }
    }
    assertThat(created.keySet()).containsExactlyElementsOf(TopicProvisioner.ALL);
    created.forEach((topic, options) -> assertThat(options.equals("--config cleanup.policy=compact"))
        .as(topic).isEqualTo(TopicProvisioner.compacted(topic)));
    created.keySet().forEach(topic -> assertThat(single.contains(topic)).as("%s in one partition", topic)
        .isEqualTo(TopicProvisioner.singlePartition(topic)));
    assertThat(script).as("one partition count, so co-partitioned inputs agree").containsOnlyOnce("--partitions");
  }

  @Test
  void theCrmSinkReadsTheRoutingTopicThroughTheSameRegistryIntoThePostgresService() throws IOException {
    Map<String, String> connect = env("connect");
    assertThat(connect.get("CONNECT_BOOTSTRAP_SERVERS")).isEqualTo(internalBootstrap());
    assertThat(connect.get("CONNECT_VALUE_CONVERTER_SCHEMA_REGISTRY_URL"))
        .isEqualTo(appConfig().get("schema.registry.url"));
    assertThat(connect).containsEntry("CONNECT_CONSUMER_ISOLATION_LEVEL", "read_committed")
        .containsEntry("CONNECT_KEY_CONVERTER", "org.apache.kafka.connect.storage.StringConverter");

    String[] plugins = services.at("/connect/volumes/0").asText().split(":");
    assertThat(plugins[0]).as("what the crm-sink module assembles").isEqualTo("./crm-sink/target/connect-plugins");
    assertThat(connect.get("CONNECT_PLUGIN_PATH").split(",")).contains(plugins[1]);
    assertThat(ROOT.resolve("crm-sink/target/connect-plugins/debezium-connector-jdbc")).isDirectory();

    String[] connectors = services.at("/connect-init/volumes/0").asText().split(":");
    String registration = services.at("/connect-init/command/0").asText();
    Matcher loop = Pattern.compile("for (\\w+) in (\\S+)/\\*\\.json").matcher(registration);
    assertThat(loop.find()).as(registration).isTrue();
    assertThat(loop.group(2)).isEqualTo(connectors[1]);
    Matcher posted = Pattern.compile("--data @\\$\\$" + loop.group(1) + " http://connect:(\\d+)/connectors")
        .matcher(registration);
    assertThat(posted.find()).as(registration).isTrue();
    assertThat(services.at("/connect/ports/0").asText()).endsWith(":" + posted.group(1));

    Map<String, String> postgres = env("postgres");
    List<String> topics = new ArrayList<>();
    try (Stream<Path> files = Files.list(ROOT.resolve(connectors[0]))) {
      for (Path connectorFile : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        JsonNode connector = JSON.readTree(connectorFile.toFile()).get("config");
        topics.add(connector.get("topics").asText());
        URI jdbc = URI.create(connector.get("connection.url").asText().substring("jdbc:".length()));
        assertThat(jdbc.getHost()).as(connectorFile.toString()).isEqualTo("postgres");
        assertThat(services.at("/postgres/ports/0").asText()).endsWith(":" + jdbc.getPort());
        assertThat(jdbc.getPath()).isEqualTo("/" + postgres.get("POSTGRES_DB"));
        assertThat(connector.get("connection.username").asText()).isEqualTo(postgres.get("POSTGRES_USER"));

        // One password, chosen in the uncommitted .env: PostgreSQL's and, through the worker's environment, the
        // sinks'.
        Matcher fromEnv = Pattern.compile("\\$\\{env:(\\w+)}").matcher(connector.get("connection.password")
            .asText());
        assertThat(fromEnv.matches()).as("the connector's password comes from the worker's environment").isTrue();
        assertThat(connect.get(fromEnv.group(1))).isEqualTo(postgres.get("POSTGRES_PASSWORD"))
            .startsWith("${" + fromEnv.group(1) + ":?");
        assertThat(lines(ROOT.resolve(".env.example"))).contains(fromEnv.group(1) + "=");
      }
    }
    assertThat(topics).as("a sink for each table").containsExactlyInAnyOrder(LeadscoreTopics.ACTIONS,
        LeadscoreTopics.LEAD_SCORES, LeadscoreTopics.MQL_ROUTING, LeadscoreTopics.STAGE_CHANGES);
    assertThat(connect).containsEntry("CONNECT_CONFIG_PROVIDERS", "env")
        .containsEntry("CONNECT_CONFIG_PROVIDERS_ENV_CLASS",
            "org.apache.kafka.common.config.provider.EnvVarConfigProvider");
    assertThat(lines(ROOT.resolve(".gitignore"))).contains(".env");
  }

  @Test
  void everyPublishedPortIsOnLoopbackOnlyAndEveryImageIsPinned() {
    services.fields().forEachRemaining(service -> {
      assertThat(service.getValue().path("image").asText("built")).as(service.getKey())
          .doesNotEndWith(":latest").matches("built|[^:]+:[^:]*\\d[^:]*");
      service.getValue().path("ports").forEach(port -> assertThat(port.asText()).as(service.getKey())
          .startsWith("127.0.0.1:"));
    });
    assertThat(services.at("/kafka-ui/image").asText()).startsWith("kafbat/kafka-ui:");
    assertThat(dockerfile.stream().filter(line -> line.startsWith("FROM ")))
        .allSatisfy(from -> assertThat(from).matches("FROM [^: ]+:\\d[^ ]*( AS \\w+)?"));
  }

  @Test
  void theKafkaUiWatchesTheSameClusterRegistryAndConnect() {
    Map<String, String> ui = env("kafka-ui");
    assertThat(ui.get("KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS")).isEqualTo(internalBootstrap());
    assertThat(ui.get("KAFKA_CLUSTERS_0_SCHEMAREGISTRY")).isEqualTo(appConfig().get("schema.registry.url"));
    assertThat(ui.get("KAFKA_CLUSTERS_0_KAFKACONNECT_0_ADDRESS")).isEqualTo("http://connect:8083");
  }
}
