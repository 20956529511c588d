package io.leadscore.app;

import io.leadscore.rules.ScoringRules;
import io.leadscore.topology.LeadscoreTopics;
import io.leadscore.topology.ScoringTopology;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The scoring topology running against a cluster: topics ensured, streams started, closed on demand. */
public final class ScoringApp implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ScoringApp.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaStreams streams;
  private final CountDownLatch stopped = new CountDownLatch(1);

  private ScoringApp(KafkaStreams streams) {
    this.streams = streams;
  }

  public static ScoringApp start(LeadscoreConfig config) throws InterruptedException {
    ScoringRules rules = config.rules();
    try (Admin admin = Admin.create(config.clientSettings())) {
      TopicProvisioner topics = new TopicProvisioner(admin);
      if (config.createTopics()) {
        topics.ensureTopics(config.partitions(), config.replicationFactor());
      } else {
        topics.checkCoPartitioned();
      }
    }
    LeadscoreTopics topics = LeadscoreTopics.with(config.avroSerdes());
    KafkaStreams streams = new KafkaStreams(ScoringTopology.buildTopology(rules, topics), config.streamsProperties());
    ScoringApp app = new ScoringApp(streams);
    // A thread that dies on an unexpected error is replaced; its tasks restart from the last commit, so nothing is lost.
    streams.setUncaughtExceptionHandler(e -> {
      log.error("stream thread failed; replacing it", e);
      return StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    streams.setStateListener((now, before) -> {
      log.info("leadscore {} -> {} (rules {})", before, now, rules.version());
      if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
        app.stopped.countDown();
      }
    });
    streams.start();
    return app;
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

  @Override
  public void close() {
    streams.close(CLOSE_TIMEOUT);
    stopped.countDown();
  }
}
