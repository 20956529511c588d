package io.leadscore.app;

import io.leadscore.api.LeadQueries;
import io.leadscore.api.LeadscoreApi;
import io.leadscore.failures.RecordFailures;
import io.leadscore.failures.StreamThreadFailures;
import io.leadscore.rules.ScoringRules;
import io.leadscore.score.LeadScoring;
import io.leadscore.avro.RulesVersion;
import io.leadscore.topology.BoundedRocksDbMemory;
import io.leadscore.topology.Deployment;
import io.leadscore.topology.LeadscoreStores;
import io.leadscore.topology.LeadscoreTopics;
import io.leadscore.topology.Promotion;
import io.leadscore.topology.Replay;
import io.leadscore.topology.RunMode;
import io.leadscore.topology.ScoringTopology;
import io.leadscore.topology.StoreKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The scoring topology running against a cluster: topics ensured, streams started, closed on demand. */
public final class ScoringApp implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ScoringApp.class);
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  /** A dying stream thread waits this long before its replacement reads the record again, doubling each time. */
  static final Duration FIRST_RETRY_BACKOFF = Duration.ofSeconds(2);
  static final Duration MAX_RETRY_BACKOFF = Duration.ofSeconds(30);
  /** Longer than a shadow takes from its start to resetting its partitions; the replay's filter cuts the rest. */
  static final Duration REPLAY_RESET_SLACK = Duration.ofHours(1);
  /** A shadow comparison reads both score topics whole, so the API answers from one up to this old. */
  static final Duration SHADOW_REPORT_REUSE = Duration.ofSeconds(30);

  private final KafkaStreams streams;
  private final StreamThreadFailures threadFailures;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile LeadscoreApi api;

  private ScoringApp(KafkaStreams streams, StreamThreadFailures threadFailures) {
    this.streams = streams;
    this.threadFailures = threadFailures;
  }

  /**
   * The live app. With {@code leadscore.rules.catalog}, once a version was promoted it runs that version as the
   * application that scored it in the shadow ({@link #applicationId}), and acts on its promotion; until then, and
   * without it, the rules file under {@code application.id}.
   */
  public static ScoringApp start(LeadscoreConfig config) throws InterruptedException, UnknownHostException {
    try (Admin admin = Admin.create(config.clientSettings())) {
      TopicProvisioner topics = new TopicProvisioner(admin);
      if (config.createTopics()) {
        topics.ensureTopics(config.partitions(), config.replicationFactor());
      } else {
        topics.checkCoPartitioned();
      }
    }
    LeadscoreTopics topics = LeadscoreTopics.with(config.avroSerdes());
    if (config.rulesFromCatalog()) {
      RulesCatalog catalog = new RulesCatalog(config);
      Optional<RulesVersion> active = RulesCatalog.active(catalog.versions());
      if (active.isPresent()) {
        RulesVersion version = active.get();
        log.info("running rules {}, promoted {}, from the catalog", version.getVersion(), version.getStatusChangedAt());
        return start(config.with(StreamsConfig.APPLICATION_ID_CONFIG, applicationId(config, version.getVersion())),
            catalog.rules(version), topics,
            Deployment.live(new Promotion(version.getVersion(), version.getStatusChangedAt())));
      }
    }
    return start(config, config.rules(), topics, Deployment.LIVE);
  }

  /**
   * The application that scores {@code version} in the shadow, and live once the version is promoted: the one that
   * holds its state. The live app of the rules file is {@code application.id} itself.
   */
  static String applicationId(LeadscoreConfig config, String version) {
    return config.get(StreamsConfig.APPLICATION_ID_CONFIG) + "-rules-" + version;
  }

  /**
   * Scores the live input with {@code candidate} beside the live app, as an application of its own
   * ({@link #applicationId}) that reads every input from its earliest retained record, writes to
   * {@code leadscore.shadow.<version>.*} (its dead letters too), routes nothing, sends no stage action and serves no
   * API. With {@code from}, its first start scores activity and CRM outcomes from that time on (profiles whole).
   */
  public static ScoringApp startShadow(LeadscoreConfig config, ScoringRules candidate, Instant from)
      throws InterruptedException, UnknownHostException {
    String version = candidate.version();
    LeadscoreTopics topics = LeadscoreTopics.with(config.avroSerdes()).shadow(version);
    try (Admin admin = Admin.create(config.clientSettings())) {
      TopicProvisioner provisioner = new TopicProvisioner(admin);
      provisioner.checkCoPartitioned();
      provisioner.ensureShadowTopics(version, config.partitions(), config.replicationFactor());
    }
    LeadscoreConfig shadow = config
        .with(StreamsConfig.APPLICATION_ID_CONFIG, applicationId(config, version))
        .with(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topics.deadLetters().name())
        .with(LeadscoreConfig.API_PORT, "-1");
    Replay replay = from == null ? null
        : new Replay(from, Duration.between(from, Instant.now()).plus(REPLAY_RESET_SLACK));
    return start(shadow, candidate, topics, Deployment.shadow(replay));
  }

  private static ScoringApp start(LeadscoreConfig config, ScoringRules rules, LeadscoreTopics topics,
      Deployment deployment) throws UnknownHostException {
    RunMode mode = deployment.mode();
    // Before anything reads a record: Avro reads its limits once.
    config.avroLimits().install();
    Properties props = config.streamsProperties();
    int apiPort = config.apiPort() == 0 ? freePort() : config.apiPort();
    String apiHost = config.get(LeadscoreConfig.API_HOST);
    if (apiPort > 0) {
      // Other instances reach this one's API at application.server to answer for the leads it holds.
      props.putIfAbsent(StreamsConfig.APPLICATION_SERVER_CONFIG, advertised(apiHost) + ":" + apiPort);
    }
    RecordFailures failures = new RecordFailures(config.maxRecordFailures(), Clock.systemUTC());
    // Kafka Streams hands its configuration to the exception handlers and RocksDB config setters it creates: this is
    // how they share the count of failures, and learn the memory they may take.
    props.put(RecordFailures.CONFIG, failures);
    props.put(BoundedRocksDbMemory.MEMORY_CONFIG, Long.toString(config.rocksDbMemoryBytes()));
    KafkaStreams streams = new KafkaStreams(ScoringTopology.buildTopology(rules, topics, StoreKind.PERSISTENT,
        deployment), props);
    StreamThreadFailures threadFailures = new StreamThreadFailures(failures, FIRST_RETRY_BACKOFF, MAX_RETRY_BACKOFF);
    ScoringApp app = new ScoringApp(streams, threadFailures);
    streams.setUncaughtExceptionHandler(threadFailures);
    streams.setStateListener((now, before) -> {
      log.info("leadscore {} -> {} (rules {}{})", before, now, rules.version(),
          mode == RunMode.SHADOW ? ", in the shadow" : "");
      if (now == KafkaStreams.State.RUNNING && app.api != null) {
        app.api.rebindStreamsMetrics();
      }
      if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
        app.stopped.countDown();
      }
    });
    if (apiPort > 0) {
      HostInfo self = HostInfo.buildFromEndpoint(props.getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG));
      app.api = LeadscoreApi.start(apiHost, apiPort, streams,
          new LeadQueries(streams, LeadscoreStores.with(topics), new LeadScoring(rules), self, Clock.systemUTC()),
          rules, new ShadowComparer(config, Clock.systemUTC(), SHADOW_REPORT_REUSE),
          config.get(LeadscoreConfig.API_TOKEN), threadFailures::failing);
      log.info("Dashboard and API at http://{}:{}/ (lead explanations at /api/leads/<id>, probes at /health and /ready, "
          + "Prometheus at /metrics)", advertised(apiHost), app.api.port());
    }
    streams.start();
    return app;
  }

  /** The API's port, or -1 when it serves none. */
  public int apiPort() {
    return api == null ? -1 : api.port();
  }

  private static String advertised(String host) throws UnknownHostException {
    return host.equals("0.0.0.0") ? InetAddress.getLocalHost().getHostName() : host;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public KafkaStreams streams() {
    return streams;
  }

  public boolean awaitRunning(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (streams.state() != KafkaStreams.State.RUNNING) {
      if (System.nanoTime() > deadline || stopped.getCount() == 0) {
        return false;
      }
      Thread.sleep(100);
    }
    return true;
  }

  /** Blocks until the streams stop, from {@link #close()} or a fatal error. */
  public void awaitStopped() throws InterruptedException {
    stopped.await();
  }

  /** Why the app stopped on its own, or null if it did not: no record is retried forever. */
  public String failure() {
    String reason = threadFailures.stopReason();
    if (reason == null && streams.state() == KafkaStreams.State.ERROR) {
      reason = "Kafka Streams stopped with an error; see the log";
    }
    return reason;
  }

  @Override
  public void close() {
    if (api != null) {
      api.close();
    }
    streams.close(CLOSE_TIMEOUT);
    stopped.countDown();
  }
}
