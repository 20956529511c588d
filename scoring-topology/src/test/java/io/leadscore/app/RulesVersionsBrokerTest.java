package io.leadscore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadscore.avro.RulesStatus;
import io.leadscore.avro.RulesVersion;
import io.leadscore.topology.LeadscoreTopics;
import io.leadscore.topology.Topic;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Rules versions published through the CLI onto a real broker: kept, listed, shown, diffed, and never rewritten. */
class RulesVersionsBrokerTest {

  @RegisterExtension
  static final SharedBroker shared = new SharedBroker();

  private StringWriter out;
  private StringWriter err;

  private int leadscore(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    CommandLine cli = LeadscoreCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of(args));
    BrokerFixture broker = shared.broker();
    all.addAll(List.of("--set", "bootstrap.servers=" + broker.kafka.bootstrapServers(),
        "--set", "schema.registry.url=" + broker.registryUrl,
        "--set", LeadscoreConfig.PARTITIONS + "=2", "--set", LeadscoreConfig.REPLICATION_FACTOR + "=1"));
    return cli.execute(all.toArray(String[]::new));
  }

  private static String defaultYaml() throws Exception {
    try (InputStream in = RulesVersionsBrokerTest.class.getResourceAsStream("/default-rules.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void versionsArePublishedOnceListedShownAndDiffedRuleByRule(@TempDir Path dir) throws Exception {
    Path first = dir.resolve("first.yaml");
    Files.writeString(first, defaultYaml());
    Path second = dir.resolve("second.yaml");
    Files.writeString(second, defaultYaml().replace("version: default-2026.11", "version: faster-decay")
        .replace("halfLife: 30d", "halfLife: 21d"));

    assertThat(leadscore("rules", "list")).isZero();
    assertThat(out.toString()).contains("no rules version has been published");

    assertThat(leadscore("rules", "publish", first.toString(), "--comment", "the seed's model", "--author", "ops"))
        .as(err.toString()).isZero();
    assertThat(out.toString()).contains("published default-2026.11 as a draft");
    assertThat(leadscore("rules", "publish", second.toString(), "--comment", "decay faster", "--author", "ana"))
        .as(err.toString()).isZero();
    assertThat(leadscore("rules", "publish", first.toString())).isZero();
    assertThat(out.toString()).contains("default-2026.11 was published already, with the same rules");

    Path rewritten = dir.resolve("rewritten.yaml");
    Files.writeString(rewritten, defaultYaml().replace("points: 15", "points: 16"));
    assertThat(leadscore("rules", "publish", rewritten.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("version default-2026.11 was published").contains("never changes");

    assertThat(leadscore("rules", "list")).isZero();
    List<String> lines = out.toString().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(1)).startsWith("default-2026.11").contains("draft", "ops", "the seed's model");
    assertThat(lines.get(2)).startsWith("faster-decay").contains("draft", "ana", "decay faster");

    assertThat(leadscore("rules", "show", "default-2026.11")).isZero();
    assertThat(out.toString()).startsWith("# version default-2026.11, draft, published ")
        .endsWith(defaultYaml());

    assertThat(leadscore("rules", "diff", "default-2026.11", "faster-decay")).isZero();
    assertThat(out.toString().lines()).containsExactly("default-2026.11 -> faster-decay: 1 change",
        "changed  engagement.decay.halfLife: 30d -> 21d");
    assertThat(leadscore("rules", "diff", "faster-decay", rewritten.toString())).isZero();
    assertThat(out.toString()).contains("changed  engagement.decay.halfLife: 21d -> 30d")
        .contains("changed  engagement.rules[document-download].points: 15 -> 16");

    assertThat(leadscore("rules", "show", "no-such-version")).isEqualTo(2);
    assertThat(err.toString()).contains("no rules version no-such-version has been published")
        .contains("default-2026.11, faster-decay");

    // The topic: compacted, one partition, every version once with its metadata.
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
        shared.broker().kafka.bootstrapServers()))) {
      TopicDescription topic = admin.describeTopics(List.of(LeadscoreTopics.RULES)).allTopicNames().get()
          .get(LeadscoreTopics.RULES);
      assertThat(topic.partitions()).hasSize(1);
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, LeadscoreTopics.RULES);
      assertThat(admin.describeConfigs(List.of(resource)).all().get().get(resource)
          .get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
    }
    Topic<String, RulesVersion> rules = shared.topics().rules();
    List<RulesVersion> records = shared.broker().read(rules, null, 2, Duration.ofSeconds(10));
    assertThat(records).extracting(RulesVersion::getVersion).containsExactly("default-2026.11", "faster-decay");
    assertThat(records).allSatisfy(v -> assertThat(v.getStatus()).isEqualTo(RulesStatus.DRAFT));
    assertThat(records.get(0).getYaml()).isEqualTo(defaultYaml());
  }
}
