package io.leadscore.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CliTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = LeadscoreCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void rulesValidateSummarisesAValidFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("rules.yaml");
    try (var in = getClass().getResourceAsStream("/default-rules.yaml")) {
      Files.write(file, in.readAllBytes());
    }
    assertThat(run("rules", "validate", file.toString())).isZero();
    assertThat(out.toString()).contains("valid, version default-2026.11").contains("stages [cold, warm, hot, mql]");
  }

  @Test
  void rulesValidateNamesTheLineOfAProblem(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("rules.yaml");
    Files.writeString(file, "version: x\nfit:\n  grades: { A: 1, B: 2, C: 0 }\nstages:\n  levels: [{id: a, action: b}]\n",
        StandardCharsets.UTF_8);
    assertThat(run("rules", "validate", file.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("line 3").contains("grade A needs at least as many points as B");
  }

  @Test
  void topologyPrintsThePinnedDescription() throws Exception {
    assertThat(run("topology")).isZero();
    assertThat(out.toString()).isEqualTo(Files.readString(Path.of("src/test/resources/topology.txt")));
  }

  @Test
  void runAndTheRulesCatalogWithoutABrokerAddressSayWhatIsMissing() {
    assertThat(run("run", "--set", "bootstrap.servers=")).isEqualTo(2);
    assertThat(err.toString()).contains("bootstrap.servers is not set");
    assertThat(run("rules", "list", "--set", "bootstrap.servers=")).isEqualTo(2);
    assertThat(err.toString()).contains("bootstrap.servers is not set");
  }
}
