package io.leadscore.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.leadscore.avro.LeadProfile;
import io.leadscore.avro.WebActivity;
import io.leadscore.serde.ApicurioRegistry;
import io.leadscore.serde.WireFormatAvroSerde;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An independent implementation of the wire format and the registry protocol (Debian's python3-confluent-kafka and
 * python3-avro) writes a profile and activity through the same registry, and reads the lead's MQL entry back.
 */
class PythonInteropTest {

  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final Path SCRIPT = Path.of("src/test/python/interop.py");

  @Test
  void pythonProducerAndConsumerWorkWithTheApp() throws Exception {
    assumePythonClient();
    ApicurioRegistry registry = ApicurioRegistry.get();
    try (BrokerFixture broker = new BrokerFixture()) {
      LeadscoreConfig config = broker.config("interop")
          .with(WireFormatAvroSerde.REGISTRY_URL_CONFIG, registry.url());
      Path schemas = Files.createDirectories(broker.dir.resolve("schemas"));
      Files.writeString(schemas.resolve("LeadProfile.avsc"), LeadProfile.getClassSchema().toString());
      Files.writeString(schemas.resolve("WebActivity.avsc"), WebActivity.getClassSchema().toString());
      try (ScoringApp app = ScoringApp.start(config)) {
        assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
        String produced = python("produce", broker.kafka.bootstrapServers(), registry.url(), schemas.toString(),
            "py-lead");
        assertThat(produced).contains("produced profile and 3 events for py-lead");
        String consumed = python("consume", broker.kafka.bootstrapServers(), registry.url(), "py-lead", "60");
        assertThat(consumed).contains("py-lead A110 mql").contains("demo-request").contains("video-watched");
      }
    }
  }

  private static String python(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(PYTHON.toString(), SCRIPT.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("python %s finished", args[0]).isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as("python %s failed:%n%s", args[0], output).isZero();
    return output;
  }

  /** CI installs the Debian packages (.ci/run); on a developer machine without them the test is skipped. */
  private static void assumePythonClient() throws IOException, InterruptedException {
    boolean available = Files.isExecutable(PYTHON) && new ProcessBuilder(PYTHON.toString(), "-c",
        "import confluent_kafka.avro, avro, requests").start().waitFor() == 0;
    if (System.getenv("CI") != null) {
      assertThat(available).as("CI must have python3-confluent-kafka, python3-avro and python3-requests").isTrue();
    }
    assumeTrue(available, "needs Debian's Python Kafka client: apt-get install python3-confluent-kafka python3-avro python3-requests");
  }
}
