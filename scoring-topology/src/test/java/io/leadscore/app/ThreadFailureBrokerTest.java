package io.leadscore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadscore.avro.LeadScore;
import io.leadscore.avro.WebActivity;
import io.leadscore.avro.WebActivityType;
import io.leadscore.failures.DeadLetters;
import io.leadscore.serde.AvroSerdes;
import io.leadscore.serde.FaultInjectingSerde;
import io.leadscore.serde.WireFormatAvroSerde;
import io.leadscore.topology.LeadscoreTopics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/**
 * Records that kill the stream thread that reads them, on a real broker under exactly-once: none is retried forever.
 * One failing for no known reason is dead-lettered after three failures and the rest is scored; one failing for an
 * outage that outlasts the retries stops the app, naming the record.
 */
class ThreadFailureBrokerTest {

  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final Instant NOW = Instant.now();

  private static LeadscoreConfig config(BrokerFixture broker, String applicationId) {
    return broker.config(applicationId).with(LeadscoreConfig.AVRO_SERDE, FaultInjectingSerde.class.getName());
  }

  private static LeadscoreTopics topics(BrokerFixture broker) {
    return LeadscoreTopics.with(new AvroSerdes(WireFormatAvroSerde.class.getName(),
        broker.config("writer").clientSettings()));
  }

  private static WebActivity video(String lead, String eventId) {
    return WebActivity.newBuilder().setEventId(eventId).setLeadId(lead).setType(WebActivityType.VIDEO_WATCHED)
        .setContentId("tour").setEventTime(NOW).build();
  }

  @Test
  void aRecordThatKeepsKillingTheThreadIsDeadLetteredAfterThreeFailuresAndTheRestIsScored() throws Exception {
    try (BrokerFixture broker = new BrokerFixture()) {
      LeadscoreTopics topics = topics(broker);
      try (ScoringApp app = ScoringApp.start(config(broker, "unknown-failure"))) {
        assertThat(app.awaitRunning(WAIT)).isTrue();
        broker.send(topics.webActivity(), "lead-1", video("lead-1", "bug-1"));
        for (int i = 0; i < 4; i++) {
          broker.send(topics.webActivity(), "lead-" + i, video("lead-" + i, "good-" + i));
        }

        List<LeadScore> scores = broker.read(topics.leadScores(), null, 4, WAIT);
        assertThat(scores).extracting(LeadScore::getLeadId).containsExactlyInAnyOrder("lead-0", "lead-1", "lead-2",
            "lead-3");
        List<ConsumerRecord<byte[], byte[]>> dead = broker.readRaw(LeadscoreTopics.DEAD_LETTERS, null, 1, WAIT);
        assertThat(dead).hasSize(1);
        assertThat(HostileInputBrokerTest.header(dead.get(0), DeadLetters.MESSAGE))
            .startsWith("failed 3 times: java.lang.IllegalStateException: an unexpected bug on bug-1");
        assertThat(HostileInputBrokerTest.metric(app, "failed-stream-threads")).isEqualTo(3.0);
        assertThat(app.failure()).isNull();
      }
    }
  }

  @Test
  void aRecordFailingForAnOutageThatOutlastsTheRetriesStopsTheAppNamingTheRecord() throws Exception {
    try (BrokerFixture broker = new BrokerFixture()) {
      LeadscoreTopics topics = topics(broker);
      try (ScoringApp app = ScoringApp.start(config(broker, "lasting-outage"))) {
        assertThat(app.awaitRunning(WAIT)).isTrue();
        broker.send(topics.webActivity(), "lead-7", video("lead-7", "outage-7"));
        int partition = Utils.toPositive(Utils.murmur2("lead-7".getBytes())) % 2;

        assertThat(CompletableFuture.runAsync(() -> {
          try {
            app.awaitStopped();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isNull();
        assertThat(app.failure()).isEqualTo("the record of " + new TopicPartition(LeadscoreTopics.WEB_ACTIVITY,
            partition) + " at offset 0 failed 3 times (OUTAGE), last with "
            + "io.leadscore.serde.SchemaRegistryUnavailableException: the registry stays down for outage-7");
        assertThat(HostileInputBrokerTest.status(app, "/health")).isEqualTo(503);
        assertThat(broker.readRaw(LeadscoreTopics.DEAD_LETTERS, null, 1, Duration.ofSeconds(3))).isEmpty();
      }
    }
  }
}
