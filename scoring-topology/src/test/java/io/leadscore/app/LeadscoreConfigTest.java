package io.leadscore.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeadscoreConfigTest {

  @Test
  void laterSourcesWin(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("leadscore.properties");
    Files.writeString(file, "bootstrap.servers=file:9092\nnum.stream.threads=2\nleadscore.topics.partitions=12\n");
    LeadscoreConfig config = LeadscoreConfig.load(file,
        Map.of("LEADSCORE_BOOTSTRAP_SERVERS", "env:9092", "LEADSCORE_TOPICS_PARTITIONS", "24", "PATH", "/bin"),
        Map.of("leadscore.topics.partitions", "48"));

    assertThat(config.get("bootstrap.servers")).isEqualTo("env:9092");
    assertThat(config.get("num.stream.threads")).isEqualTo("2");
    assertThat(config.partitions()).isEqualTo(48);
    assertThat(config.get("processing.guarantee")).as("default").isEqualTo("exactly_once_v2");
  }

  @Test
  void environmentVariablesMapToOwnAndKafkaKeys() {
    Map<String, String> mapped = LeadscoreConfig.fromEnvironment(Map.of(
        "LEADSCORE_RULES_FILE", "/etc/leadscore/rules.yaml",
        "LEADSCORE_SCHEMA_REGISTRY_URL", "http://registry:8081",
        "HOME", "/root"));
    assertThat(mapped).containsOnly(
        Map.entry("leadscore.rules.file", "/etc/leadscore/rules.yaml"),
        Map.entry("schema.registry.url", "http://registry:8081"));
  }

  @Test
  void ownSettingsStayOutOfKafkaSettings() {
    LeadscoreConfig config = LeadscoreConfig.load(null, Map.of(), Map.of("leadscore.topics.replication.factor", "1",
        "max.poll.records", "100"));
    Properties streams = config.streamsProperties();
    assertThat(streams).containsEntry("max.poll.records", "100").containsEntry("replication.factor", "1");
    assertThat(streams.stringPropertyNames()).noneMatch(k -> k.startsWith("leadscore."));
  }

  @Test
  void badNumbersAreExplained() {
    LeadscoreConfig config = LeadscoreConfig.load(null, Map.of(), Map.of("leadscore.topics.partitions", "many"));
    assertThatThrownBy(config::partitions).hasMessage(
        "leadscore.topics.partitions must be a positive whole number, was 'many'");
  }
}
