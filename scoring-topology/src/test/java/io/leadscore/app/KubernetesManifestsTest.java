package io.leadscore.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.leadscore.rules.RulesLoader;
import io.leadscore.rules.ScoringRules;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Kustomize base and the example overlay, rendered offline by {@code kubectl kustomize} and read as the app and
 * Kubernetes would read them: the probes, ports, state directory, rules file, peers' addresses and topics must agree
 * with the app's configuration.
 */
class KubernetesManifestsTest {

  private static final Path KUBERNETES = Path.of("../deploy/kubernetes");
  private static final ObjectMapper YAML = new YAMLMapper();

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/example"})
  void rendersAStatefulAppThatAgreesWithItsConfiguration(String kustomization) throws Exception {
    Map<String, JsonNode> byKindAndName = render(KUBERNETES.resolve(kustomization));
    JsonNode statefulSet = only(byKindAndName, "StatefulSet");
    JsonNode pod = statefulSet.at("/spec/template");
    JsonNode container = pod.at("/spec/containers/0");
    Map<String, String> env = environment(container, byKindAndName);
    LeadscoreConfig config = LeadscoreConfig.load(null, env, Map.of());

    int apiPort = config.apiPort();
    assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(apiPort);
    String portName = container.at("/ports/0/name").asText();
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/ready");
    assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health");
    assertThat(container.at("/readinessProbe/httpGet/port").asText()).isEqualTo(portName);
    assertThat(container.at("/livenessProbe/httpGet/port").asText()).isEqualTo(portName);
    assertThat(pod.at("/metadata/annotations/prometheus.io~1scrape").asText()).isEqualTo("true");
    assertThat(pod.at("/metadata/annotations/prometheus.io~1port").asInt()).isEqualTo(apiPort);
    assertThat(pod.at("/metadata/annotations/prometheus.io~1path").asText()).isEqualTo("/metrics");
    assertThat(container.at("/resources/requests/cpu").isMissingNode()).isFalse();
    assertThat(container.at("/resources/requests/memory").isMissingNode()).isFalse();
    assertThat(pod.at("/spec/terminationGracePeriodSeconds").asLong())
        .as("room for Kafka Streams to close").isGreaterThan(ScoringApp.CLOSE_TIMEOUT.toSeconds());

    // State on the pod's own volume, so a restarted pod resumes from local state.
    String stateDir = config.get(StreamsConfig.STATE_DIR_CONFIG);
    String claim = statefulSet.at("/spec/volumeClaimTemplates/0/metadata/name").asText();
    assertThat(mountPath(container, claim)).isEqualTo(stateDir);

    // The rules file the app reads is the ConfigMap's, and it is valid.
    Path rulesFile = Path.of(config.get(LeadscoreConfig.RULES_FILE));
    JsonNode rulesVolume = volume(pod, mountedAt(container, rulesFile.getParent().toString()));
    JsonNode rulesMap = byKindAndName.get("ConfigMap/" + rulesVolume.at("/configMap/name").asText());
    assertThat(rulesMap).as("the rules volume is the generated ConfigMap").isNotNull();
    String rulesYaml = rulesMap.at("/data/" + rulesFile.getFileName()).asText();
    ScoringRules rules = RulesLoader.parse(rulesFile.toString(), rulesYaml);
    if (kustomization.equals("base")) {
      try (InputStream defaults = RulesLoader.class.getResourceAsStream("/default-rules.yaml")) {
        assertThat(rulesYaml).as("the base ships the default rules")
            .isEqualTo(new String(defaults.readAllBytes(), StandardCharsets.UTF_8));
      }
    } else {
      assertThat(rules.version()).isEqualTo("acme-2026.12");
      assertThat(statefulSet.at("/spec/replicas").asInt()).isEqualTo(3);
      assertThat(container.at("/image").asText()).endsWith("/leadscore:0.1.0");
    }

    // Peers reach each other by pod name under the headless Service, on the API port.
    JsonNode headless = byKindAndName.get("Service/" + statefulSet.at("/spec/serviceName").asText());
    assertThat(headless.at("/spec/clusterIP").asText()).isEqualTo("None");
    assertThat(selects(headless.at("/spec/selector"), pod)).isTrue();
    assertThat(env.get("LEADSCORE_APPLICATION_SERVER")).isEqualTo("$(POD_NAME)." + headless.at("/metadata/name")
        .asText() + ".$(POD_NAMESPACE).svc.cluster.local:" + apiPort);
    assertThat(config.get("group.instance.id")).isEqualTo("$(POD_NAME)");
    assertThat(config.get(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isEqualTo("1");

    // The memory limit holds the heap, RocksDB's bounded cache and what the JVM takes beside them: about 0.5 GiB was
    // measured beside a 1 GiB heap with 512 MiB for RocksDB (peak RSS 1,535 MiB, docs/benchmarks.md).
    long limit = bytes(container.at("/resources/limits/memory").asText());
    Matcher heapShare = Pattern.compile("-XX:MaxRAMPercentage=(\\d+)").matcher(env.get("JAVA_TOOL_OPTIONS"));
    assertThat(heapShare.find()).isTrue();
    long heap = limit * Long.parseLong(heapShare.group(1)) / 100;
    assertThat(heap + config.rocksDbMemoryBytes() + (512L << 20)).as("heap, RocksDB and the JVM within the limit")
        .isLessThanOrEqualTo(limit);

    // Restricted: non-root, no privilege escalation, no capabilities, RuntimeDefault seccomp, and a read-only root
    // filesystem with the state and /tmp as the only writable places.
    assertThat(pod.at("/spec/securityContext/runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.at("/spec/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
    assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).isFalse();
    assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(container.at("/securityContext/capabilities/drop")).extracting(JsonNode::asText).containsExactly("ALL");
    assertThat(volume(pod, mountedAt(container, "/tmp")).has("emptyDir")).as("a writable /tmp").isTrue();
    assertThat(volume(pod, mountedAt(container, "/etc/leadscore")).has("configMap")).isTrue();

    // Secrets come from a Secret made beside the manifests, never from a committed ConfigMap.
    assertThat(container.path("envFrom")).filteredOn(from -> from.has("secretRef")).singleElement()
        .satisfies(secret -> assertThat(secret.at("/secretRef/optional").asBoolean()).isTrue());
    assertThat(byKindAndName.keySet()).noneMatch(name -> name.startsWith("Secret/"));
    assertThat(env.keySet()).noneMatch(key -> key.matches(".*(TOKEN|PASSWORD|USER_INFO|JAAS).*"));

    // The network policy covers the pods, lets the API port in, and lets DNS, Kafka and the registry out.
    JsonNode policy = only(byKindAndName, "NetworkPolicy");
    assertThat(selects(policy.at("/spec/podSelector/matchLabels"), pod)).isTrue();
    assertThat(policy.at("/spec/policyTypes")).extracting(JsonNode::asText).contains("Ingress", "Egress");
    assertThat(policy.at("/spec/ingress/0/ports/0/port").asText()).isEqualTo(portName);
    List<Integer> egressPorts = new ArrayList<>();
    policy.at("/spec/egress").forEach(rule -> rule.path("ports").forEach(p -> egressPorts.add(p.get("port").asInt())));
    int kafkaPort = URI.create("kafka://" + config.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)).getPort();
    int registryPort = URI.create(config.get("schema.registry.url")).getPort();
    assertThat(egressPorts).contains(53, kafkaPort, registryPort, apiPort);

    JsonNode budget = only(byKindAndName, "PodDisruptionBudget");
    assertThat(selects(budget.at("/spec/selector/matchLabels"), pod)).isTrue();
    assertThat(budget.at("/spec/maxUnavailable").asInt()).isEqualTo(1);

    // The topics, owned by Strimzi, are the contract's, partitioned and compacted as the app expects.
    assertThat(config.createTopics()).isFalse();
    Map<String, JsonNode> topics = new LinkedHashMap<>();
    byKindAndName.values().stream().filter(r -> r.get("kind").asText().equals("KafkaTopic"))
        .forEach(t -> topics.put(t.at("/spec/topicName").asText(), t));
    assertThat(topics.keySet()).containsExactlyInAnyOrderElementsOf(TopicProvisioner.ALL);
    topics.forEach((name, topic) -> assertThat(topic.at("/spec/config/cleanup.policy").asText("delete"))
        .as(name).isEqualTo(TopicProvisioner.compacted(name) ? "compact" : "delete"));
    assertThat(TopicProvisioner.CO_PARTITIONED.stream().map(t -> topics.get(t).at("/spec/partitions").asInt())
        .distinct()).hasSize(1);
    topics.forEach((name, topic) -> assertThat(topic.at("/spec/partitions").asInt() == 1).as("%s in one partition", name)
        .isEqualTo(TopicProvisioner.singlePartition(name)));
    assertThat(topics.values()).allSatisfy(t -> assertThat(t.at("/spec/replicas").asText())
        .as("Kafka Streams' internal topics replicated as the contract's")
        .isEqualTo(config.streamsProperties().getProperty(StreamsConfig.REPLICATION_FACTOR_CONFIG)));
    String cluster = topics.values().iterator().next().at("/metadata/labels/strimzi.io~1cluster").asText();
    assertThat(cluster).isEqualTo(kustomization.equals("base") ? "my-cluster" : "prod-kafka");
    assertThat(config.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)).startsWith(cluster + "-kafka-bootstrap");
  }

  /** The container's environment as the app sees it: the ConfigMaps it takes whole, then its own variables. */
  private static Map<String, String> environment(JsonNode container, Map<String, JsonNode> resources) {
    Map<String, String> env = new HashMap<>();
    for (JsonNode from : container.path("envFrom")) {
      if (from.has("configMapRef")) {
        resources.get("ConfigMap/" + from.at("/configMapRef/name").asText()).get("data").fields()
            .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
      }
    }
    for (JsonNode variable : container.path("env")) {
      if (variable.has("value")) {
        env.put(variable.get("name").asText(), variable.get("value").asText());
      }
    }
    return env;
  }

  private static long bytes(String quantity) {
    Matcher gi = Pattern.compile("(\\d+)Gi").matcher(quantity);
    assertThat(gi.matches()).as("memory in Gi: %s", quantity).isTrue();
    return Long.parseLong(gi.group(1)) << 30;
  }

  private static String mountPath(JsonNode container, String volume) {
    for (JsonNode mount : container.path("volumeMounts")) {
      if (mount.get("name").asText().equals(volume)) {
        return mount.get("mountPath").asText();
      }
    }
    throw new AssertionError("no mount of " + volume);
  }

  private static String mountedAt(JsonNode container, String path) {
    for (JsonNode mount : container.path("volumeMounts")) {
      if (mount.get("mountPath").asText().equals(path)) {
        return mount.get("name").asText();
      }
    }
    throw new AssertionError("nothing mounted at " + path);
  }

  private static JsonNode volume(JsonNode pod, String name) {
    for (JsonNode volume : pod.at("/spec/volumes")) {
      if (volume.get("name").asText().equals(name)) {
        return volume;
      }
    }
    throw new AssertionError("no volume " + name);
  }

  private static boolean selects(JsonNode selector, JsonNode pod) {
    JsonNode labels = pod.at("/metadata/labels");
    List<Boolean> matches = new ArrayList<>();
    selector.fields().forEachRemaining(e -> matches.add(e.getValue().equals(labels.get(e.getKey()))));
    return !matches.isEmpty() && !matches.contains(false);
  }

  private static JsonNode only(Map<String, JsonNode> resources, String kind) {
    List<JsonNode> found = resources.values().stream().filter(r -> r.get("kind").asText().equals(kind)).toList();
    assertThat(found).as(kind).hasSize(1);
    return found.get(0);
  }

  private static Map<String, JsonNode> render(Path kustomization) throws IOException, InterruptedException {
    assumeKubectl();
    Process kubectl = new ProcessBuilder("kubectl", "kustomize", kustomization.toString()).start();
    byte[] out = kubectl.getInputStream().readAllBytes();
    String err = new String(kubectl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(kubectl.exitValue()).as("kubectl kustomize %s: %s", kustomization, err).isZero();
    Map<String, JsonNode> resources = new LinkedHashMap<>();
    try (var docs = YAML.readerFor(JsonNode.class).<JsonNode>readValues(
        new YAMLFactory().createParser(out))) {
      StreamSupport.stream(((Iterable<JsonNode>) () -> docs).spliterator(), false)
          .forEach(r -> resources.put(r.get("kind").asText() + "/" + r.at("/metadata/name").asText(), r));
    }
    return resources;
  }

  /** kubectl is on the build machines; a developer machine without it skips, CI must have it. */
  private static void assumeKubectl() throws IOException, InterruptedException {
    boolean available;
    try {
      available = new ProcessBuilder("kubectl", "version", "--client").start().waitFor() == 0;
    } catch (IOException e) {
      available = false;
    }
    if (System.getenv("CI") != null) {
      assertThat(available).as("CI must have kubectl").isTrue();
    }
    assumeTrue(available, "needs kubectl: apt-get install kubernetes-client, or a current kubectl");
  }
}
