package io.leadscore.bench;

import io.leadscore.avro.LeadScore;
import io.leadscore.avro.StageChange;
import io.leadscore.avro.StageChangeCause;
import io.leadscore.testing.LoopbackPort;
import io.leadscore.topology.DecayAtScale;
import io.leadscore.topology.LeadscoreStores;
import io.leadscore.topology.LeadscoreTopics;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The end-to-end load run on one broker: a backlog drained by the baselines and by leadscore (sustained throughput, CPU,
 * bytes, memory, state size), then leadscore at shares of its rate (latency), and its restore from the changelogs.
 */
final class LoadRun {

  private static final String LEADSCORE_APP = "bench-leadscore-";
  private static final String HEAP = "1g";
  private static final Duration DRAIN_LIMIT = Duration.ofMinutes(30);
  private static final Duration READY_LIMIT = Duration.ofMinutes(3);
  /** Left out of the measurement at the start of a drain: the JIT compiles the hot paths then. */
  static final Duration WARM_UP = Duration.ofSeconds(10);

  /**
   * One drain, measured from {@link #WARM_UP} after the app's first commit to its last ({@code warm}; from the first
   * commit when the drain was over before the warm-up was): records per second, CPU seconds per 1,000 records of the
   * app and of the harness's JVM (the broker, idle but for it), bytes the broker's logs grew by per input record over
   * the whole drain, peak RSS, and the share of the stream thread's time per activity (median of samples).
   */
  record Throughput(String app, long records, double seconds, double perSecond, boolean warm, double appCpuPer1000,
      double brokerCpuPer1000, double bytesPerRecord, long peakRssMib, Map<String, Double> threadTime) {

    /** The drain with the median rate of several; {@code runs} must not be empty. */
    static Throughput median(List<Throughput> runs) {
      List<Throughput> sorted = new ArrayList<>(runs);
      sorted.sort(Comparator.comparingDouble(Throughput::perSecond));
      return sorted.get(sorted.size() / 2);
    }
  }

  /** Latency percentiles of one kind of output, in milliseconds. */
  record Percentiles(int samples, double p50, double p99, double p999) {
    static Percentiles of(List<Long> latencies) {
      List<Long> sorted = new ArrayList<>(latencies);
      Collections.sort(sorted);
      return new Percentiles(sorted.size(), percentile(sorted, 0.50), percentile(sorted, 0.99),
          percentile(sorted, 0.999));
    }
  }

  /** Live traffic at {@code share} of the drained throughput: lead scores and stage changes, from input to output. */
  record Latency(double share, double targetPerSecond, double sentPerSecond, Percentiles scores,
      Percentiles stageChanges) {
  }

  record StateSize(long leads, double storedBytesPerLead, double diskBytesPerLead) {
  }

  private final Path work;
  private final String bootstrapServers;
  private final String registryUrl;
  private final LeadscoreTopics topics;
  private final PrintStream progress;
  private final boolean profile;
  private final List<String> settings;
  private final Admin admin;
  private int leads;
  private int recordings;
  private int liveRuns;

  /**
   * With {@code profile}, leadscore runs under Java Flight Recorder and leaves a recording next to its log;
   * {@code settings} ({@code key=value}) go to leadscore after the run's own.
   */
  LoadRun(Path work, String bootstrapServers, String registryUrl, LeadscoreTopics topics, PrintStream progress,
      boolean profile, List<String> settings) {
    this.work = work;
    this.profile = profile;
    this.settings = List.copyOf(settings);
    this.bootstrapServers = bootstrapServers;
    this.registryUrl = registryUrl;
    this.topics = topics;
    this.progress = progress;
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  /** Writes the backlog every app drains: a profile per lead, then {@code events} records over {@code span}. */
  void generate(int leads, long events, Duration span) {
    this.leads = leads;
    try (LoadGenerator generator = LoadGenerator.backlog(bootstrapServers, topics, leads, 7, events, span)) {
      generator.sendProfiles();
      progress.printf("  generated %,d profiles%n", leads);
      for (long i = 1; i <= events; i++) {
        generator.sendNext();
        if (i % 200_000 == 0) {
          progress.printf("  generated %,d of %,d events%n", i, events);
        }
      }
      generator.flush();
    }
  }

  /**
   * A baseline draining the backlog as a new application ({@code round} tells them apart): {@code mode} is
   * {@code stateless}, {@code stateful} or {@code avro}, see PassThroughApp.
   */
  Throughput passThrough(String mode, int round) throws Exception {
    return passThrough(mode, round, 1, 1);
  }

  /** A baseline as {@code instances} processes of {@code threads} stream threads each. */
  Throughput passThrough(String mode, int round, int instances, int threads) throws Exception {
    String name = ("avro".equals(mode) ? "Avro stateful baseline" : mode + " pass-through") + shape(instances, threads);
    String group = "bench-pass-through-" + mode + "-" + instances + "x" + threads + "-" + round;
    try (AppGroup apps = new AppGroup()) {
      for (int i = 0; i < instances; i++) {
        apps.add(AppProcess.start(work.resolve(group + "-" + i + ".log"), HEAP, List.of(), null,
            PassThroughApp.class.getName(), List.of(bootstrapServers, group, work.resolve(group + "-" + i).toString(),
                mode, registryUrl, Integer.toString(threads))));
      }
      return drain(name, group, apps);
    }
  }

  /** leadscore draining the backlog as a new application. */
  Throughput leadscore(int round) throws Exception {
    return leadscore(round, 1, 1);
  }

  /** leadscore as {@code instances} processes of {@code threads} stream threads each. */
  Throughput leadscore(int round, int instances, int threads) throws Exception {
    String appId = instances == 1 && threads == 1 ? LEADSCORE_APP + round
        : LEADSCORE_APP + instances + "x" + threads + "-" + round;
    try (AppGroup apps = new AppGroup()) {
      for (int i = 0; i < instances; i++) {
        apps.add(startLeadscore(appId, i, List.of("num.stream.threads=" + threads)));
      }
      return drain("leadscore" + shape(instances, threads), appId, apps);
    }
  }

  private static String shape(int instances, int threads) {
    return instances == 1 && threads == 1 ? "" : ", " + instances + " × " + threads + " threads";
  }

  /** leadscore with one more setting ({@code key=value}), as another application: one side of an A/B. */
  Throughput leadscoreWith(String setting, int variant, int round) throws Exception {
    String appId = LEADSCORE_APP + "variant-" + variant + "-" + round;
    try (AppProcess app = startLeadscore(appId, 0, List.of(setting))) {
      return drain("leadscore with " + setting, appId, AppGroup.of(app));
    }
  }

  record Scoring(Throughput throughput, List<Latency> latencies) {
  }

  /**
   * leadscore drains the backlog, then scores live traffic at each of {@code shares} of the rate it drained at, in
   * turn: for {@code warmUp} unmeasured (the first share also for {@code settle}), then for {@code measured}.
   */
  Scoring leadscoreThenLive(int round, List<Double> shares, Duration settle, Duration warmUp, Duration measured)
      throws Exception {
    try (AppProcess app = startLeadscore(LEADSCORE_APP + round, 0, List.of())) {
      Throughput throughput = drain("leadscore", LEADSCORE_APP + round, AppGroup.of(app));
      List<Latency> latencies = new ArrayList<>();
      for (double share : shares) {
        double rate = throughput.perSecond() * share;
        Duration unmeasured = latencies.isEmpty() ? warmUp.plus(settle) : warmUp;
        progress.printf("  latency at %.0f%% (%.0f records/s): %d s to warm up, %d s measured ...%n", 100 * share,
            rate, unmeasured.toSeconds(), measured.toSeconds());
        latencies.add(latency(app, share, rate, unmeasured, measured));
      }
      return new Scoring(throughput, latencies);
    }
  }

  /**
   * The time leadscore takes to be ready again after losing its state directory: it restores every store from its
   * changelog before it processes anything.
   */
  Duration restore(int round) throws Exception {
    String appId = LEADSCORE_APP + round;
    deleteRecursively(work.resolve(appId));
    long started = System.nanoTime();
    try (AppProcess app = startLeadscore(appId, 0, List.of())) {
      return Duration.ofNanos(System.nanoTime() - started);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /** Instance 0 keeps its state under the application id; others beside it. */
  private AppProcess startLeadscore(String appId, int instance, List<String> extraSettings) throws Exception {
    int apiPort = LoopbackPort.free();
    String name = instance == 0 ? appId : appId + "-" + instance;
    // Numbered: the restore run starts the same application again, and its recording must not replace the drain's.
    List<String> jvmOptions = profile ? List.of("-XX:StartFlightRecording=settings=profile,filename="
        + work.resolve(name + "-" + (++recordings) + ".jfr")) : List.of();
    List<String> args = new ArrayList<>(List.of("run",
        "--set", "bootstrap.servers=" + bootstrapServers,
        "--set", "schema.registry.url=" + registryUrl,
        "--set", "application.id=" + appId,
        "--set", "state.dir=" + work.resolve(name),
        "--set", "leadscore.topics.replication.factor=1",
        "--set", "leadscore.api.host=127.0.0.1",
        "--set", "leadscore.api.port=" + apiPort));
    settings.forEach(setting -> args.addAll(List.of("--set", setting)));
    extraSettings.forEach(setting -> args.addAll(List.of("--set", setting)));
    AppProcess app = AppProcess.start(work.resolve(name + ".log"), HEAP, jvmOptions,
        URI.create("http://127.0.0.1:" + apiPort), "io.leadscore.app.LeadscoreCli", args);
    try {
      app.awaitReady(READY_LIMIT);
      return app;
    } catch (Exception e) {
      app.close();
      throw e;
    }
  }

  /**
   * Waits until the app has committed every input record (and every record of its repartition topics) and returns its
   * rate: committed input offsets count records that were processed and whose output was committed with them.
   */
  private Throughput drain(String name, String group, AppGroup app) throws Exception {
    long total = endOffsets(PassThroughApp.INPUTS);
    long logBytesBefore = logBytes();
    Mark first = null;
    Mark warm = null;
    long deadline = System.nanoTime() + DRAIN_LIMIT.toNanos();
    long lastReport = System.nanoTime();
    Map<String, List<Double>> threadTime = new TreeMap<>();
    while (System.nanoTime() < deadline) {
      app.requireAlive();
      long done = committed(group, PassThroughApp.INPUTS);
      long now = System.nanoTime();
      if (first == null && done > 0) {
        first = new Mark(now, done, app.cpuSeconds(), harnessCpuSeconds());
      }
      if (first != null && warm == null && now - first.at() >= WARM_UP.toNanos() && done < total) {
        warm = new Mark(now, done, app.cpuSeconds(), harnessCpuSeconds());
      }
      if (done >= total && internalTopicsDrained(group)) {
        Mark from = warm != null ? warm : first;
        Mark to = new Mark(now, done, app.cpuSeconds(), harnessCpuSeconds());
        double seconds = (to.at() - from.at()) / 1e9;
        long records = to.done() - from.done();
        double bytesPerRecord = (double) (logBytes() - logBytesBefore) / total;
        long peak = app.peakResidentMemoryMib();
        progress.printf("  %s: %,d records in %.1f s %s%n", name, records, seconds,
            warm != null ? "after a warm-up of " + WARM_UP.toSeconds() + " s" : "(over before the warm-up)");
        Map<String, Double> medians = new TreeMap<>();
        threadTime.forEach((part, samples) -> medians.put(part, DecayAtScale.median(samples)));
        return new Throughput(name, records, seconds, records / seconds, warm != null,
            1000 * (to.appCpu() - from.appCpu()) / records, 1000 * (to.harnessCpu() - from.harnessCpu()) / records,
            bytesPerRecord, peak, medians);
      }
      if (now - lastReport > TimeUnit.SECONDS.toNanos(10)) {
        String ratios = "";
        if (app.servesMetrics() && first != null) {
          Map<String, Double> sample = app.threadTimeRatios();
          sample.forEach((part, ratio) -> threadTime.computeIfAbsent(part, k -> new ArrayList<>()).add(ratio));
          ratios = sample.entrySet().stream().map(e -> String.format(" %s %.0f%%", e.getKey(), 100 * e.getValue()))
              .collect(Collectors.joining(",", "; stream thread:", ""));
        }
        progress.printf("  %s: %,d of %,d records committed%s%n", name, done, total, ratios);
        lastReport = now;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(name + " did not drain the backlog within " + DRAIN_LIMIT);
  }

  /** A point in a drain: when, records committed, and the CPU seconds of the app and of the harness so far. */
  private record Mark(long at, long done, double appCpu, double harnessCpu) {
  }

  private static double harnessCpuSeconds() throws IOException {
    return AppProcess.cpuSeconds(ProcessHandle.current().pid());
  }

  /** Bytes in all the broker's partitions: inputs, outputs, changelogs, offsets and transaction state. */
  private long logBytes() throws InterruptedException, ExecutionException {
    List<Integer> brokers = admin.describeCluster().nodes().get().stream().map(n -> n.id()).toList();
    return admin.describeLogDirs(brokers).allDescriptions().get().values().stream()
        .flatMap(dirs -> dirs.values().stream())
        .flatMap(dir -> dir.replicaInfos().values().stream())
        .mapToLong(replica -> replica.size()).sum();
  }

  /**
   * leadscore scoring live traffic sent at {@code perSecond}: the time from an input being sent (its time) to the lead
   * score and stage change it caused being readable by a read-committed consumer, for every output of input sent after
   * the warm-up. The warm-up matters on a small machine: the generator, the consumer and the broker's live paths share
   * the cores with the app and compile just-in-time when live traffic starts.
   */
  private Latency latency(AppProcess app, double share, double perSecond, Duration warmUp, Duration measured)
      throws Exception {
    Deserializer<StageChange> stageChanges = topics.stageChanges().valueSerde().deserializer();
    Deserializer<LeadScore> leadScores = topics.leadScores().valueSerde().deserializer();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
             ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
             ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
             new ByteArrayDeserializer(), new ByteArrayDeserializer());
         LoadGenerator generator = LoadGenerator.live(bootstrapServers, topics, leads, ++liveRuns)) {
      List<TopicPartition> partitions = Stream.of(LeadscoreTopics.STAGE_CHANGES, LeadscoreTopics.LEAD_SCORES)
          .flatMap(topic -> consumer.partitionsFor(topic).stream())
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position);

      long measuredFrom = System.currentTimeMillis() + warmUp.toMillis();
      List<Long> scoreLatencies = new ArrayList<>();
      List<Long> changeLatencies = new ArrayList<>();
      // The worst stage-change latency per 5 s tells a steady backlog from occasional stalls.
      Map<Long, Long> worstPer5s = new ConcurrentSkipListMap<>();
      Duration total = warmUp.plus(measured);
      Thread reader = new Thread(() -> {
        long stopAt = System.nanoTime() + total.plusSeconds(5).toNanos();
        while (System.nanoTime() < stopAt) {
          for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
            long received = System.currentTimeMillis();
            if (record.topic().equals(LeadscoreTopics.LEAD_SCORES)) {
              long sentAt = leadScores.deserialize(record.topic(), record.value()).getUpdatedAt().toEpochMilli();
              if (sentAt >= measuredFrom) {
                scoreLatencies.add(received - sentAt);
              }
              continue;
            }
            StageChange change = stageChanges.deserialize(record.topic(), record.value());
            long sentAt = change.getChangedAt().toEpochMilli();
            if (change.getCause() == StageChangeCause.ACTIVITY && sentAt >= measuredFrom) {
              long latency = received - sentAt;
              changeLatencies.add(latency);
              worstPer5s.merge((sentAt - measuredFrom) / 5_000 * 5, latency, Math::max);
            }
          }
        }
      }, "latency-reader");
      reader.start();
      long intervalNanos = (long) (1e9 / perSecond);
      long start = System.nanoTime();
      long end = start + total.toNanos();
      long sent = 0;
      for (long next = start; next < end; next += intervalNanos) {
        LockSupport.parkNanos(next - System.nanoTime());
        generator.sendNext();
        sent++;
      }
      generator.flush();
      double sentPerSecond = sent / ((System.nanoTime() - start) / 1e9);
      reader.join();
      app.requireAlive();
      progress.printf("  %,d lead scores and %,d stage changes measured at %.0f records/s; worst stage-change "
          + "latency per 5 s after the warm-up (s: ms): %s%n", scoreLatencies.size(), changeLatencies.size(),
          sentPerSecond, worstPer5s);
      return new Latency(share, perSecond, sentPerSecond, Percentiles.of(scoreLatencies),
          Percentiles.of(changeLatencies));
    }
  }

  /**
   * Bytes of lead state per lead: the stored value (as the changelog holds it) and RocksDB's files on disk for
   * the lead-state store, after the app closed and flushed them.
   */
  StateSize stateSize(int round) throws Exception {
    String changelog = LEADSCORE_APP + round + "-" + LeadscoreStores.LEAD_STATE + "-changelog";
    Map<String, Integer> latest = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(changelog).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          latest.put(new String(record.key()), record.key().length + (record.value() == null ? 0
              : record.value().length));
        }
      }
    }
    long stored = latest.values().stream().mapToLong(Integer::longValue).sum();
    long disk;
    try (Stream<Path> files = Files.walk(work.resolve(LEADSCORE_APP + round))) {
      disk = files.filter(p -> p.toString().contains("/rocksdb/" + LeadscoreStores.LEAD_STATE + "/")
          && Files.isRegularFile(p)).mapToLong(LoadRun::size).sum();
    }
    return new StateSize(latest.size(), (double) stored / latest.size(), (double) disk / latest.size());
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  /**
   * Whether the app has also processed everything it wrote to its own repartition topics (leadscore routes MQLs
   * through them): the input is not done with until its MQLs are routed. The app writes these topics in transactions,
   * and the marker that ends its last one lies past the offset it committed in it, hence a record of slack per
   * partition.
   */
  private boolean internalTopicsDrained(String group) throws InterruptedException, ExecutionException {
    List<String> internal = admin.listTopics().names().get().stream()
        .filter(topic -> topic.startsWith(group + "-") && topic.endsWith("-repartition")).toList();
    if (internal.isEmpty()) {
      return true;
    }
    Map<TopicPartition, Long> ends = endOffsetsByPartition(internal);
    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
        .partitionsToOffsetAndMetadata().get();
    return ends.entrySet().stream().allMatch(end -> {
      OffsetAndMetadata at = committed.get(end.getKey());
      return end.getValue() - (at == null ? 0 : at.offset()) <= 1;
    });
  }

  private Map<TopicPartition, Long> endOffsetsByPartition(List<String> topicNames)
      throws InterruptedException, ExecutionException {
    Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(topicNames).allTopicNames().get().values().stream()
        .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
        .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
    return admin.listOffsets(latest).all().get().entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
  }

  private long endOffsets(List<String> topicNames) throws InterruptedException, ExecutionException {
    return endOffsetsByPartition(topicNames).values().stream().mapToLong(Long::longValue).sum();
  }

  private long committed(String group, List<String> topicNames) throws InterruptedException, ExecutionException {
    Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
        .partitionsToOffsetAndMetadata().get();
    return offsets.entrySet().stream().filter(e -> topicNames.contains(e.getKey().topic()) && e.getValue() != null)
        .mapToLong(e -> e.getValue().offset()).sum();
  }

  private static double percentile(List<Long> sorted, double q) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
  }

  void close() {
    admin.close();
  }
}
