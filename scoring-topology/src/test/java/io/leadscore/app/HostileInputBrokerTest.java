package io.leadscore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadscore.avro.EmailActivity;
import io.leadscore.avro.EmailActivityType;
import io.leadscore.avro.LeadProfile;
import io.leadscore.avro.LeadScore;
import io.leadscore.avro.WebActivity;
import io.leadscore.avro.WebActivityType;
import io.leadscore.failures.DeadLetters;
import io.leadscore.serde.ApicurioRegistry;
import io.leadscore.serde.AvroSerdes;
import io.leadscore.serde.RestSchemaRegistry;
import io.leadscore.serde.SchemaVersions;
import io.leadscore.serde.WireFormatAvroSerde;
import io.leadscore.topology.LeadscoreTopics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The failures that used to stall a partition for good or lose records, on a real broker with a real schema registry,
 * exactly-once: a valid record of another registered schema, and the registry freezing while producers start using a
 * schema version the app has not seen.
 */
class HostileInputBrokerTest {

  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final Instant NOW = Instant.now();
  private static ApicurioRegistry registry;

  @BeforeAll
  static void startRegistry() throws Exception {
    registry = ApicurioRegistry.get();
  }

  private static LeadscoreConfig config(BrokerFixture broker, String applicationId) {
    return broker.config(applicationId).with(WireFormatAvroSerde.REGISTRY_URL_CONFIG, registry.url());
  }

  private static LeadscoreTopics topics(LeadscoreConfig config) {
    return LeadscoreTopics.with(new AvroSerdes(WireFormatAvroSerde.class.getName(), config.clientSettings()));
  }

  private static EmailActivity opened(String lead) {
    return EmailActivity.newBuilder().setEventId(UUID.randomUUID().toString()).setLeadId(lead)
        .setType(EmailActivityType.OPENED).setCampaign("q4").setEventTime(NOW).build();
  }

  private static WebActivity video(String lead) {
    return WebActivity.newBuilder().setEventId(UUID.randomUUID().toString()).setLeadId(lead)
        .setType(WebActivityType.VIDEO_WATCHED).setContentId("tour").setEventTime(NOW).build();
  }

  static double metric(ScoringApp app, String name) {
    return app.streams().metrics().values().stream().filter(m -> m.metricName().name().equals(name))
        .mapToDouble(m -> ((Number) m.metricValue()).doubleValue()).sum();
  }

  static int status(ScoringApp app, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + app.apiPort() + path)).build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  @Test
  void poisonPillOfAnotherRegisteredSchemaIsDeadLetteredAndEveryLeadAfterItIsScored() throws Exception {
    try (BrokerFixture broker = new BrokerFixture()) {
      LeadscoreConfig config = config(broker, "poison-pill");
      LeadscoreTopics topics = topics(config);
      try (ScoringApp app = ScoringApp.start(config)) {
        assertThat(app.awaitRunning(WAIT)).isTrue();
        // Valid wire format, with the id the registry gave LeadProfile, on the email topic.
        byte[] pill = topics.profiles().valueSerde().serializer().serialize(LeadscoreTopics.PROFILES,
            LeadProfile.newBuilder().setLeadId("lead-00").setJobLevel("VP").setUpdatedAt(NOW).build());
        broker.sendRaw(LeadscoreTopics.EMAIL_ACTIVITY, "lead-00".getBytes(StandardCharsets.UTF_8), pill);
        for (int i = 0; i < 12; i++) {
          String lead = String.format("lead-%02d", i);
          broker.send(topics.emailActivity(), lead, opened(lead));
        }

        List<LeadScore> scores = broker.read(topics.leadScores(), null, 12, WAIT);
        assertThat(scores).extracting(LeadScore::getLeadId).hasSize(12).doesNotHaveDuplicates();
        List<ConsumerRecord<byte[], byte[]>> dead = broker.readRaw(LeadscoreTopics.DEAD_LETTERS, null, 1, WAIT);
        assertThat(dead).hasSize(1);
        assertThat(header(dead.get(0), DeadLetters.MESSAGE))
            .contains("a io.leadscore.avro.LeadProfile cannot be read as io.leadscore.avro.EmailActivity");
        assertThat(header(dead.get(0), DeadLetters.TOPIC)).isEqualTo(LeadscoreTopics.EMAIL_ACTIVITY);
        assertThat(dead.get(0).value()).isEqualTo(pill);
        assertThat(metric(app, "failed-stream-threads")).as("no thread died").isZero();
        assertThat(status(app, "/health")).isEqualTo(200);
        assertThat(app.failure()).isNull();
      }
    }
  }

  @Test
  void registryFrozenMidStreamDeadLettersNothingAndEverythingSentMeanwhileIsScoredAfter() throws Exception {
    try (BrokerFixture broker = new BrokerFixture()) {
      LeadscoreConfig config = config(broker, "registry-outage");
      LeadscoreTopics topics = topics(config);
      try (ScoringApp app = ScoringApp.start(config)) {
        assertThat(app.awaitRunning(WAIT)).isTrue();
        broker.send(topics.webActivity(), "before", video("before"));
        assertThat(broker.read(topics.leadScores(), "before", 1, WAIT)).hasSize(1);

        // Producers start writing a new version of the web schema, which the app has never looked up.
        Schema next = SchemaVersions.withExtraField(WebActivity.getClassSchema(), "device", "unknown");
        int nextId = new RestSchemaRegistry(registry.url(), Map.of())
            .register(LeadscoreTopics.WEB_ACTIVITY + "-value", next);
        registry.freeze();
        try {
          for (int i = 0; i < 6; i++) {
            String lead = "next-" + i;
            broker.sendRaw(LeadscoreTopics.WEB_ACTIVITY, lead.getBytes(StandardCharsets.UTF_8),
                SchemaVersions.wire(nextId, next, video(lead), "phone"));
            broker.send(topics.webActivity(), "known-" + i, video("known-" + i));
          }
          // Longer than Kafka Streams' transaction timeout (10 s): the open transaction may be aborted meanwhile.
          Thread.sleep(15_000);
        } finally {
          registry.thaw();
        }

        List<LeadScore> scores = broker.read(topics.leadScores(), null, 13, WAIT);
        assertThat(scores).extracting(LeadScore::getLeadId).as("every event, once").hasSize(13)
            .doesNotHaveDuplicates().contains("next-0", "next-5", "known-0", "known-5");
        assertThat(scores).filteredOn(s -> s.getLeadId().startsWith("next-"))
            .allSatisfy(s -> assertThat(s.getEngagementScore()).isEqualTo(30.0));
        assertThat(broker.readRaw(LeadscoreTopics.DEAD_LETTERS, null, 1, Duration.ofSeconds(3))).isEmpty();
        assertThat(app.failure()).isNull();
        assertThat(status(app, "/health")).isEqualTo(200);
      }
    }
  }
}
