package io.leadscore.app;

import io.leadscore.demo.DemoConsole;
import io.leadscore.demo.DemoLogging;
import io.leadscore.demo.DemoTraffic;
import io.leadscore.demo.EmbeddedKafka;
import io.leadscore.serde.WireFormatAvroSerde;
import io.leadscore.topology.LeadscoreTopics;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "No setup: start a Kafka broker in this process, simulate leads and show them being scored.")
final class DemoCommand implements Callable<Integer> {

  @Mixin
  ConfigOptions options;

  @Option(names = "--leads", defaultValue = "3000", description = "Simulated leads (default: ${DEFAULT-VALUE}).")
  int leads;

  @Option(names = "--rate", defaultValue = "300", description = "Events per second (default: ${DEFAULT-VALUE}).")
  int rate;

  @Option(names = "--duration", paramLabel = "SECONDS",
      description = "Stop after this many seconds (default: run until Ctrl+C).")
  Long durationSeconds;

  @Option(names = "--mql-only", description = "Print MQLs only, not every stage change.")
  boolean mqlOnly;

  @Option(names = "--api-port", defaultValue = "7070",
      description = "Port of the API on 127.0.0.1, 0 for any free port (default: ${DEFAULT-VALUE}).")
  int apiPort;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    Path work = Files.createTempDirectory("leadscore-demo");
    CountDownLatch done = new CountDownLatch(1);
    Thread main = Thread.currentThread();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      main.interrupt();
      awaitQuietly(done);
    }, "leadscore-demo-shutdown"));

    Path logFile = Files.createTempFile("leadscore-demo-", ".log");
    out.println("Starting a Kafka broker in this process (logs: " + logFile + ") ...");
    try (DemoLogging logging = DemoLogging.toFile(logFile);
         EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"))) {
      LeadscoreConfig config = options.load()
          .with(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers())
          .with(StreamsConfig.APPLICATION_ID_CONFIG, "leadscore-demo")
          .with(StreamsConfig.STATE_DIR_CONFIG, work.resolve("state").toString())
          .with(WireFormatAvroSerde.REGISTRY_URL_CONFIG, WireFormatAvroSerde.MOCK_SCHEME + "demo")
          .with(LeadscoreConfig.PARTITIONS, "3")
          .with(LeadscoreConfig.REPLICATION_FACTOR, "1")
          .with(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "200")
          .with(LeadscoreConfig.API_HOST, "127.0.0.1")
          .with(LeadscoreConfig.API_PORT, Integer.toString(apiPort));
      out.printf("Kafka at %s. Starting leadscore (rules %s) ...%n", kafka.bootstrapServers(),
          config.rules().version());
      LeadscoreTopics topics = LeadscoreTopics.with(config.avroSerdes());
      try (ScoringApp app = ScoringApp.start(config);
           DemoTraffic traffic = new DemoTraffic(kafka.bootstrapServers(), topics, leads, 42);
           DemoConsole console = new DemoConsole(kafka.bootstrapServers(), topics, out, !mqlOnly,
               traffic::salesWork)) {
        if (!app.awaitRunning(Duration.ofMinutes(2))) {
          throw new IllegalStateException("leadscore did not reach RUNNING; see " + logFile);
        }
        out.printf("Dashboard: http://127.0.0.1:%d/ | API: /api/leads/lead-00154 explains a lead | "
            + "Prometheus: /metrics%n", app.apiPort());
        Thread printer = new Thread(console, "leadscore-demo-console");
        printer.start();
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor();
        progress.scheduleAtFixedRate(() -> out.printf(
            "--- %d events sent to %d leads (%d bad on purpose, %d visitors identified) | %s%n",
            traffic.eventsSent(), traffic.leadCount(), traffic.badEventsSent(), traffic.visitorsIdentified(),
            console.summary()),
            10, 10, TimeUnit.SECONDS);
        out.printf("Sending CRM profiles of %d leads, then about %d events a second%s. Ctrl+C stops.%n", leads,
            rate, durationSeconds == null ? "" : " for " + durationSeconds + " s");
        try {
          traffic.sendRoster();
          traffic.sendProfiles();
          traffic.run(rate, durationSeconds == null ? null : Duration.ofSeconds(durationSeconds));
          // Let the last commits reach the console before the summary.
          Thread.sleep(2_000);
        } catch (InterruptedException e) {
          // Ctrl+C: the interrupt is the request to stop, handled here. It is not passed on, because the producers,
          // the streams and the API below must close cleanly rather than abandon their work half-way.
        } finally {
          progress.shutdownNow();
          out.printf("Done: %d events sent to %d leads | %s%n", traffic.eventsSent(), traffic.leadCount(),
              console.summary());
        }
      }
    } finally {
      deleteQuietly(work);
      done.countDown();
    }
    return 0;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // A temp directory left behind is harmless.
    }
  }
}
