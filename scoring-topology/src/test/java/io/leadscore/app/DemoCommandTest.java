package io.leadscore.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's first command: the embedded demo starts a broker, scores simulated leads, routes MQLs and stops. */
class DemoCommandTest {

  @Test
  void demoScoresLeadsAndRoutesMqls() {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    int exit;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      exit = LeadscoreCli.commandLine().execute("demo", "--duration", "12", "--leads", "300", "--rate", "400",
          "--api-port", "0");
    } finally {
      System.setOut(original);
    }
    String output = captured.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(output).isZero();
    Matcher done = Pattern.compile("Done: (\\d+) events sent to 300 leads \\| stage changes (\\d+) .*\\| sellers "
        + "alerted (\\d+) \\| MQLs (\\d+), routed (\\d+) \\| MQAs (\\d+) \\| dead letters (\\d+)").matcher(output);
    assertThat(done.find()).as(output).isTrue();
    assertThat(Long.parseLong(done.group(2))).as("stage changes").isPositive();
    assertThat(Long.parseLong(done.group(3))).as("sellers alerted of hot leads").isPositive();
    assertThat(Long.parseLong(done.group(4))).as("MQLs").isPositive();
    // Routing is one hop further (a repartition topic), so the last MQLs may still be on their way at the summary;
    // MqlRoutingTest pins that every MQL is routed exactly once.
    assertThat(Long.parseLong(done.group(5))).as("MQLs routed").isPositive()
        .isLessThanOrEqualTo(Long.parseLong(done.group(4)));
    assertThat(output).contains(" MQL ").contains(" SALES ").contains(" HOT ");
    Matcher logs = Pattern.compile("logs: (\\S+)\\)").matcher(output);
    assertThat(logs.find()).as(output).isTrue();
    assertThat(output.lines()).as("the console shows the demo's lines, the libraries log to " + logs.group(1))
        .noneMatch(line -> line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (INFO|WARN) .*"));
    assertThat(Path.of(logs.group(1))).isNotEmptyFile();
  }
}
