package io.leadscore.bench;

import io.leadscore.app.LeadscoreConfig;
import io.leadscore.app.TopicProvisioner;
import io.leadscore.demo.EmbeddedKafka;
import io.leadscore.serde.ApicurioRegistry;
import io.leadscore.topology.DecayAtScale;
import io.leadscore.topology.RoutingThroughput;
import io.leadscore.topology.LeadscoreTopics;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.utils.AppInfoParser;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs every benchmark and writes the report, docs/benchmarks.md unless told otherwise. */
@Command(name = "benchmarks", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = "Runs the JMH benchmarks, the load run against pass-through baselines, and decay at scale, and "
        + "writes the report.")
public final class RunAll implements Callable<Integer> {

  /** Instances and stream threads per instance of the scaling runs, against the one of one thread. */
  private static final int[][] SCALING = {{1, 2}, {2, 1}};

  @Option(names = "--events", defaultValue = "1000000",
      description = "Records after the profiles in the load run: activity, repeats, late events, profile updates and "
          + "CRM outcomes.")
  long events;

  @Option(names = "--leads", defaultValue = "1000000",
      description = "Leads in the load run: each has a profile first, so every app's store holds them all.")
  int leads;

  @Option(names = "--span-days", defaultValue = "7", description = "Days the backlog's event times spread over.")
  int spanDays;

  @Option(names = "--drains", defaultValue = "3",
      description = "Times each app drains the backlog (median reported).")
  int drains;

  @Option(names = "--latency-seconds", defaultValue = "60", description = "Measured length of each latency run.")
  int latencySeconds;

  @Option(names = "--latency-settle-seconds", defaultValue = "60",
      description = "Live traffic before the first latency run's warm-up, right after the drain.")
  int latencySettleSeconds;

  @Option(names = "--latency-shares", defaultValue = "0.5,0.75,0.9", split = ",",
      description = "Shares of leadscore's drained throughput to measure latency at, in turn.")
  List<Double> latencyShares;

  @Option(names = "--latency-warm-up-seconds", defaultValue = "30",
      description = "Live traffic at the latency run's rate before it is measured.")
  int latencyWarmUpSeconds;

  @Option(names = "--decay-sizes", defaultValue = "100000,1000000,10000000", split = ",",
      description = "Leads stored in the decay runs.")
  List<Integer> decaySizes;

  @Option(names = "--decay-due", defaultValue = "1000", description = "Leads due in each decay round.")
  int decayDue;

  @Option(names = "--decay-rounds", defaultValue = "7", description = "Decay rounds per size (median reported).")
  int decayRounds;

  @Option(names = "--routing-mqls", defaultValue = "20000", description = "MQLs per routing round.")
  int routingMqls;

  @Option(names = "--routing-rounds", defaultValue = "7", description = "Routing rounds (median reported).")
  int routingRounds;

  @Option(names = "--skip", split = ",", description = "Parts to leave out: jmh, load, decay, routing; of the load run: "
      + "baselines, scaling, latency, restore (to profile leadscore alone, say).")
  List<String> skip = new ArrayList<>();

  @Option(names = "--profile", description = "Record leadscore and the harness (with the broker) in the load run with "
      + "Java Flight Recorder: .jfr files in the scratch directory.")
  boolean profile;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A setting for leadscore in the load run, as "
      + "`leadscore run --set` takes it (Kafka Streams, client or leadscore settings); repeatable.")
  List<String> leadscoreSettings = new ArrayList<>();

  @Option(names = "--compare", paramLabel = "KEY=VALUE", description = "Also drain with leadscore under this one "
      + "setting more, as another app in every round: an A/B of a setting in the same run; repeatable.")
  List<String> comparisons = new ArrayList<>();

  @Option(names = "--output", defaultValue = "docs/benchmarks.md", description = "Where to write the report.")
  Path output;

  @Option(names = "--work", defaultValue = "benchmarks/target/work", description = "Scratch directory.")
  Path work;

  private final PrintStream out = System.out;
  private final StringBuilder report = new StringBuilder();

  public static void main(String[] args) {
    System.exit(new CommandLine(new RunAll()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    deleteRecursively(work);
    Files.createDirectories(work);
    Instant started = Instant.now();
    header();
    if (!skip.contains("jmh")) {
      jmh();
      write();
    }
    if (!skip.contains("load")) {
      load();
      write();
    }
    if (!skip.contains("decay")) {
      decay();
      write();
    }
    if (!skip.contains("routing")) {
      routing();
    }
    line("");
    line("Total time of this run: %d min.", Duration.between(started, Instant.now()).toMinutes());
    write();
    out.printf("Wrote %s%n", output);
    return 0;
  }

  /** The report so far: a part that fails later does not take the figures of the earlier ones with it. */
  private void write() throws IOException {
    Files.createDirectories(output.toAbsolutePath().getParent());
    Files.writeString(output, report.toString());
  }

  private void header() throws IOException {
    line("# Benchmarks");
    line("");
    line("Written by `benchmarks/run` on %s. JMH and decay figures are medians of repeated measurements; the load "
        + "run drains the same backlog once per app, and its throughput is given as ratios between apps measured in "
        + "the same run on the same broker.", Instant.now().toString().substring(0, 10));
    line("");
    line("## Machine and versions");
    line("");
    line("| | |");
    line("|---|---|");
    line("| CPU | %d cores, %s |", Runtime.getRuntime().availableProcessors(), cpuModel());
    line("| memory | %s |", memTotal());
    line("| OS | %s %s |", System.getProperty("os.name"), System.getProperty("os.version"));
    line("| Java | %s %s |", System.getProperty("java.vm.name"), System.getProperty("java.version"));
    line("| Kafka (broker, clients, Streams) | %s |", AppInfoParser.getVersion());
    line("| leadscore | %s |", gitCommit());
    line("");
    line("To reproduce: `benchmarks/run` (all of it, about 10 minutes on two cores), or for instance "
        + "`benchmarks/run --skip decay --events 200000`; `benchmarks/run --help` lists the settings.");
  }

  private void jmh() throws Exception {
    out.println("JMH: the scoring hot path and the decay computation, one thread ...");
    Options options = new OptionsBuilder()
        .include(ScoringBenchmark.class.getName())
        .addProfiler(GCProfiler.class)
        .forks(1)
        .warmupIterations(3)
        .warmupTime(TimeValue.seconds(2))
        .measurementIterations(7)
        .measurementTime(TimeValue.seconds(2))
        .threads(1)
        .build();
    Collection<RunResult> results = new Runner(options).run();
    line("");
    line("## Scoring hot path (JMH)");
    line("");
    line("One thread; default rules; one fork, 3 warm-up and 7 measured iterations of 2 s. "
        + "`activityWithStateRoundTrip` is what the scoring processor does per event: read the lead's stored state "
        + "(binary), match the event against the rules, update the ledger, re-evaluate the score, stage and next "
        + "decay due time, and write the state back. `stateRoundTrip` is the state store's share of it (reading and "
        + "writing the state alone). `decayComputation` is the re-evaluation of a lead 20 days later. "
        + "`priorEvents` is the number of recent events the lead's ledger holds (the reorder window keeps up to "
        + "100). Allocation per operation is JMH's GC profiler's `gc.alloc.rate.norm`.");
    line("");
    line("| benchmark | prior events | median ops/s | min | max | allocated per op |");
    line("|---|---|---|---|---|---|");
    List<RunResult> sorted = new ArrayList<>(results);
    sorted.sort(Comparator.comparing((RunResult r) -> r.getParams().getBenchmark())
        .thenComparing(r -> Integer.parseInt(r.getParams().getParam("priorEvents"))));
    for (RunResult result : sorted) {
      var stats = result.getPrimaryResult().getStatistics();
      String name = result.getParams().getBenchmark();
      Result<?> allocated = result.getSecondaryResults().get("gc.alloc.rate.norm");
      line("| `%s` | %s | %,.0f | %,.0f | %,.0f | %s |", name.substring(name.lastIndexOf('.') + 1),
          result.getParams().getParam("priorEvents"), stats.getPercentile(50), stats.getMin(), stats.getMax(),
          allocated == null ? "n/a" : String.format(Locale.ROOT, "%,.0f B", allocated.getScore()));
    }
  }

  private void load() throws Exception {
    out.printf("Load run: %,d events for %,d leads on an in-process broker ...%n", events, leads);
    // The broker runs in this JVM: profiled too, it shows what competes with the app for the cores.
    try (Recording harness = profile ? new Recording(Configuration.getConfiguration("profile")) : null;
         EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"))) {
      if (harness != null) {
        // Written when the recording closes, after the broker.
        harness.setDestination(work.resolve("harness.jfr"));
        harness.start();
      }
      System.setProperty("apicurio.jar", apicurioJar().toString());
      ApicurioRegistry registry = ApicurioRegistry.get();
      LeadscoreConfig config = LeadscoreConfig.load(null, Map.of(), Map.of(
          "bootstrap.servers", kafka.bootstrapServers(), "schema.registry.url", registry.url(),
          LeadscoreConfig.REPLICATION_FACTOR, "1"));
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
          kafka.bootstrapServers()))) {
        new TopicProvisioner(admin).ensureTopics(config.partitions(), config.replicationFactor());
        // The baselines' outputs have leadscore's partition count, so that every app writes to as many partitions.
        admin.createTopics(List.of(
            new NewTopic(PassThroughApp.OUTPUT, config.partitions(), (short) 1),
            new NewTopic(PassThroughApp.AVRO_OUTPUT, config.partitions(), (short) 1))).all().get();
      }
      LeadscoreTopics topics = LeadscoreTopics.with(config.avroSerdes());
      LoadRun run = new LoadRun(work, kafka.bootstrapServers(), registry.url(), topics, out, profile,
          leadscoreSettings);
      try {
        out.println("  generating the backlog ...");
        run.generate(leads, events, Duration.ofDays(spanDays));
        Map<String, List<LoadRun.Throughput>> drained = new LinkedHashMap<>();
        List<LoadRun.Latency> latencies = List.of();
        // Rounds take the apps in turn, so that drift on the machine falls on all of them alike.
        for (int round = 1; round <= drains; round++) {
          out.printf("  round %d of %d: each app drains it ...%n", round, drains);
          if (!skip.contains("baselines")) {
            for (String mode : List.of("stateless", "stateful", "avro")) {
              drained.computeIfAbsent(mode, k -> new ArrayList<>()).add(run.passThrough(mode, round));
            }
          }
          if (!skip.contains("scaling")) {
            for (int[] shape : SCALING) {
              drained.computeIfAbsent("avro " + shape[0] + "x" + shape[1], k -> new ArrayList<>())
                  .add(run.passThrough("avro", round, shape[0], shape[1]));
              drained.computeIfAbsent("leadscore " + shape[0] + "x" + shape[1], k -> new ArrayList<>())
                  .add(run.leadscore(round, shape[0], shape[1]));
            }
          }
          for (int variant = 0; variant < comparisons.size(); variant++) {
            String setting = comparisons.get(variant);
            drained.computeIfAbsent("leadscore with " + setting, k -> new ArrayList<>())
                .add(run.leadscoreWith(setting, variant, round));
          }
          if (round < drains || skip.contains("latency")) {
            drained.computeIfAbsent("leadscore", k -> new ArrayList<>()).add(run.leadscore(round));
          } else {
            LoadRun.Scoring scoring = run.leadscoreThenLive(round, latencyShares,
                Duration.ofSeconds(latencySettleSeconds), Duration.ofSeconds(latencyWarmUpSeconds),
                Duration.ofSeconds(latencySeconds));
            drained.computeIfAbsent("leadscore", k -> new ArrayList<>()).add(scoring.throughput());
            latencies = scoring.latencies();
          }
        }
        LoadRun.StateSize state = run.stateSize(drains);
        Duration restore = null;
        if (!skip.contains("restore")) {
          out.println("  restoring leadscore's state from its changelogs ...");
          restore = run.restore(drains);
        }
        loadReport(config, drained, state, latencies, restore);
      } finally {
        run.close();
      }
    }
  }

  private void loadReport(LeadscoreConfig config, Map<String, List<LoadRun.Throughput>> drained,
      LoadRun.StateSize state, List<LoadRun.Latency> latencies, Duration restore) {
    Map<String, LoadRun.Throughput> medians = new LinkedHashMap<>();
    drained.forEach((app, runs) -> medians.put(app, LoadRun.Throughput.median(runs)));
    LoadRun.Throughput ceiling = medians.get("stateless");
    LoadRun.Throughput avro = medians.get("avro");
    LoadRun.Throughput scoring = medians.get("leadscore");
    line("");
    line("## End to end: leadscore against pass-through baselines");
    line("");
    line("One KRaft broker in the harness's JVM; each app in its own JVM (heap 1 GiB) with the same settings: "
        + "`exactly_once_v2`, one stream thread, commit interval %s ms, %d partitions per topic (the baselines' "
        + "outputs too), Avro through a real schema registry (Apicurio, in its own process). The backlog is a CRM "
        + "profile for each of %,d leads, then %,d records over %d days of event time: sessions of leads drawn from a "
        + "Zipf distribution (web, email and webinar activity), %d%% repeats, %d%% late events (half within the "
        + "reorder window, half beyond it), profile updates and CRM outcomes. The stateless pass-through reads the "
        + "same topics and writes one record out per record in, as bytes: the ceiling. The stateful pass-through also "
        + "reads and replaces the lead's value in a RocksDB store with a changelog for every record. The Avro "
        + "stateful baseline is the honest floor of any per-lead scorer: it decodes each record with its schema from "
        + "the registry, reads and writes a %d-byte state per lead, and encodes one Avro LeadScore (five reasons "
        + "named by rule id) out. Each app drains the whole backlog %d times, as a new application each time, the "
        + "apps taking turns; the median drain is reported. Throughput counts input records whose processing was "
        + "committed (committed consumer offsets), measured from %d s after the app's first commit (the JIT's "
        + "warm-up) to its last; a drain over sooner is measured from its first commit and marked *. CPU is user "
        + "and system time from /proc over the same window, per 1,000 records: the app's process, and the harness's "
        + "(the broker, the only thing it runs then). Bytes per record is what the broker's partitions grew by over "
        + "the whole drain (outputs, changelogs, offsets, transaction markers), per input record.",
        config.streamsProperties().getProperty("commit.interval.ms", "100 (the exactly-once default)"),
        config.partitions(), leads, events, spanDays, LoadGenerator.DUPLICATE_PERCENT, LoadGenerator.LATE_PERCENT,
        PassThroughApp.STATE_BYTES, drains,
        LoadRun.WARM_UP.toSeconds());
    if (!leadscoreSettings.isEmpty()) {
      line("");
      line("leadscore ran with these settings of its own, over the ones above: `%s`.",
          String.join("`, `", leadscoreSettings));
    }
    line("");
    line("| app | median records/s | every drain (records/s) | ratio to stateless | ratio to Avro baseline "
        + "| app CPU-s per 1,000 | broker CPU-s per 1,000 | bytes written per record | peak RSS |");
    line("|---|---|---|---|---|---|---|---|---|");
    drained.forEach((app, runs) -> {
      LoadRun.Throughput median = medians.get(app);
      line("| %s | %,.0f%s | %s | %s | %s | %.3f | %.3f | %,.0f | %,d MiB |", median.app(), median.perSecond(),
          median.warm() ? "" : " *", runs.stream().map(t -> String.format(Locale.ROOT, "%,.0f", t.perSecond()))
              .collect(Collectors.joining(", ")), ratio(median, ceiling), ratio(median, avro), median.appCpuPer1000(), median.brokerCpuPer1000(),
          median.bytesPerRecord(), median.peakRssMib());
    });
    if (!skip.contains("scaling") && avro != null) {
      line("");
      line("Scaling, on the same two cores that the broker and the harness share: %s.",
          Stream.of("avro", "leadscore").flatMap(app -> Arrays.stream(SCALING).map(shape -> {
            LoadRun.Throughput scaled = medians.get(app + " " + shape[0] + "x" + shape[1]);
            LoadRun.Throughput single = medians.get(app);
            return String.format(Locale.ROOT, "%s as %d instance%s of %d thread%s, %,.0f records/s (%.2f of one "
                + "instance of one thread)", single.app(), shape[0], shape[0] == 1 ? "" : "s", shape[1],
                shape[1] == 1 ? "" : "s", scaled.perSecond(), scaled.perSecond() / single.perSecond());
          })).collect(Collectors.joining("; ")));
    }
    if (!scoring.threadTime().isEmpty()) {
      line("");
      line("Where leadscore's stream thread spends its time while draining (Kafka Streams' thread metrics, median of "
          + "samples every 10 s): %s.", scoring.threadTime().entrySet().stream()
          .map(e -> String.format(Locale.ROOT, "%s %.0f%%", e.getKey(), 100 * e.getValue()))
          .collect(Collectors.joining(", ")));
    }
    if (ceiling != null && avro != null) {
      line("");
      line("**leadscore sustains %.2f of the Avro stateful baseline's throughput** (target: at least 0.6) **and %.2f "
          + "of the stateless pass-through's** (target: at least 0.3).", scoring.perSecond() / avro.perSecond(),
          scoring.perSecond() / ceiling.perSecond());
    }
    if (!latencies.isEmpty()) {
      latencyReport(latencies);
    }
    if (restore != null) {
      line("");
      line("Restore: after the last run, leadscore's state directory was deleted and the app started again under the "
          + "same application id; it was ready (every store restored from its changelog, %,d leads) after %.1f s "
          + "(target: under 60 s for 1M leads).", state.leads(), restore.toMillis() / 1000.0);
    }
    line("");
    line("Lead state, %,d leads: %,.0f bytes per lead as stored (key and binary value, latest per lead in the "
        + "changelog; target: at most 300), %,.0f bytes per lead in RocksDB's files for the lead-state store after the app closed.",
        state.leads(), state.storedBytesPerLead(), state.diskBytesPerLead());
  }

  /** A ratio of medians for the report, or a dash where the run left the other app out. */
  private static String ratio(LoadRun.Throughput app, LoadRun.Throughput base) {
    return base == null ? "–" : String.format(Locale.ROOT, "%.2f", app.perSecond() / base.perSecond());
  }

  private void latencyReport(List<LoadRun.Latency> latencies) {
    line("");
    line("Latency at shares of leadscore's last drain rate, right after that drain in the same process: %d s of live "
        + "traffic to warm up the generator, consumer and broker, then %d s measured, for each share in turn; before "
        + "the first, %d s more of live traffic, in which the app works through what the drain left it (in trial runs "
        + "the first half minute after a drain of 2M records showed latencies of seconds, falling to the steady "
        + "figures within a minute). Live traffic has the backlog's mix without repeats or late events, each record "
        + "stamped with the time it is sent. From an input's send to the lead score (its updatedAt) and to the stage "
        + "change (caused by activity) it caused being readable by a read-committed consumer:",
        latencyWarmUpSeconds, latencySeconds, latencySettleSeconds);
    line("");
    line("| share | records/s asked | sent | lead scores | p50 | p99 | p99.9 | stage changes | p50 | p99 | p99.9 |");
    line("|---|---|---|---|---|---|---|---|---|---|---|");
    for (LoadRun.Latency latency : latencies) {
      LoadRun.Percentiles scores = latency.scores();
      LoadRun.Percentiles changes = latency.stageChanges();
      line("| %.0f%% | %,.0f | %,.0f | %,d | %.0f ms | %.0f ms | %.0f ms | %,d | %.0f ms | %.0f ms | %.0f ms |",
          100 * latency.share(), latency.targetPerSecond(), latency.sentPerSecond(), scores.samples(), scores.p50(),
          scores.p99(), scores.p999(), changes.samples(), changes.p50(), changes.p99(), changes.p999());
    }
    line("");
    line("Target: p99 event to stage change under 250 ms at half load. Under exactly-once, output becomes readable "
        + "when the transaction commits, so the commit interval is part of every figure.");
  }

  private void decay() throws Exception {
    line("");
    line("## Decay at scale");
    line("");
    line("The real scoring processor (`LeadScorer`) over RocksDB stores holding N leads, driven by Kafka Streams' "
        + "`MockProcessorContext`. In each round, %,d of the stored leads are made due; one decay punctuation then "
        + "reads the due entries of the decay index, rescores those leads, and moves each down a stage. "
        + "%d rounds per size; the median is reported.", decayDue, decayRounds);
    line("");
    line("| leads stored | median punctuation | ratio to the smallest | stage changes per round |");
    line("|---|---|---|---|");
    Double smallest = null;
    for (int size : decaySizes) {
      out.printf("Decay at scale: %,d leads ...%n", size);
      Path dir = work.resolve("decay-" + size);
      List<Double> millis = new ArrayList<>();
      int changes = 0;
      try (DecayAtScale decay = new DecayAtScale(dir, size, out)) {
        for (int round = 0; round < decayRounds; round++) {
          DecayAtScale.Round result = decay.round(decayDue, round);
          millis.add(result.millis());
          changes = result.stageChanges();
        }
      }
      deleteRecursively(dir);
      double median = DecayAtScale.median(millis);
      smallest = smallest == null ? median : smallest;
      out.printf("  median %.1f ms over %s%n", median, millis);
      line("| %,d | %.1f ms | %.2f | %,d |", size, median, median / smallest, changes);
    }
    line("");
    line("Target: within 2x from the smallest to the largest store.");
  }

  private void routing() throws IOException {
    line("");
    line("## Routing throughput");
    line("");
    line("Every MQL, the first CRM outcome after each, and every roster change of the app pass through one routing "
        + "task, so its rate bounds the MQLs the app can route, whatever its size. The real router processor "
        + "(`MqlRouter`) over RocksDB stores, driven by Kafka Streams' `MockProcessorContext`: the default rules' "
        + "routing, 40 reps in its three teams, leads spread over countries, company sizes and 5,000 company domains; "
        + "each round routes %,d new MQLs, each after the first outcome of the one before. %d rounds; the median is "
        + "reported. Without changelogs or the broker: the task's own work.", routingMqls, routingRounds);
    line("");
    List<Double> rates = new ArrayList<>();
    Path dir = work.resolve("routing");
    try (RoutingThroughput routing = new RoutingThroughput(dir)) {
      for (int round = 0; round < routingRounds; round++) {
        rates.add(routing.round(routingMqls));
      }
    }
    deleteRecursively(dir);
    out.printf("Routing: %s MQLs/s%n", rates);
    line("| median MQLs routed per second | min | max |");
    line("|---|---|---|");
    line("| %,.0f | %,.0f | %,.0f |", DecayAtScale.median(rates), rates.stream().mapToDouble(d -> d).min().orElse(0),
        rates.stream().mapToDouble(d -> d).max().orElse(0));
  }

  private static Path apicurioJar() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("scoring-topology/target/apicurio"))) {
      return files.filter(p -> p.getFileName().toString().endsWith("-runner.jar")).findFirst()
          .orElseThrow(() -> new IllegalStateException("Apicurio is not unpacked; run benchmarks/run, which builds"));
    }
  }

  private static String cpuModel() throws IOException {
    return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
        .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
  }

  private static String memTotal() throws IOException {
    return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
        .findFirst().map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024 / 1024 + " GiB").orElse("unknown");
  }

  private static String gitCommit() {
    try {
      Process git = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").start();
      String commit = new String(git.getInputStream().readAllBytes()).trim();
      return git.waitFor() == 0 ? "commit " + commit : "unknown commit";
    } catch (IOException | InterruptedException e) {
      return "unknown commit";
    }
  }

  private void line(String format, Object... args) {
    report.append(String.format(Locale.ROOT, format, args)).append('\n');
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
