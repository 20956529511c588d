package io.leadscore.app;

import static io.leadscore.avro.WebActivityType.FORM_SUBMIT;
import static io.leadscore.avro.WebActivityType.VIDEO_WATCHED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadscore.avro.LeadProfile;
import io.leadscore.avro.LeadScore;
import io.leadscore.avro.MqlEntry;
import io.leadscore.avro.StageChange;
import io.leadscore.avro.WebActivity;
import io.leadscore.avro.WebActivityType;
import io.leadscore.topology.BoundedRocksDbMemory;
import io.leadscore.topology.LeadscoreTopics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The app on a real KRaft broker with its defaults: exactly-once, RocksDB, topics it creates itself. */
class ScoringAppBrokerTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  @RegisterExtension
  static final SharedBroker SHARED = new SharedBroker();

  private static BrokerFixture broker() {
    return SHARED.broker();
  }

  private static LeadscoreTopics topics() {
    return SHARED.topics();
  }

  /** One moment for every event of a test, so decay between them does not blur exact scores. */
  private static final Instant NOW = Instant.now();

  private static WebActivity event(String lead, WebActivityType type, String formId) {
    return WebActivity.newBuilder().setEventId(UUID.randomUUID().toString()).setLeadId(lead).setType(type)
        .setFormId(formId).setContentId("tour").setEventTime(NOW).build();
  }

  private static LeadProfile vp(String lead) {
    return LeadProfile.newBuilder().setLeadId(lead).setJobLevel("VP").setIndustry("Software").setUpdatedAt(NOW)
        .build();
  }

  @Test
  void everyRecordIsScoredOrDeadLetteredUnderExactlyOnce() throws Exception {
    try (ScoringApp app = ScoringApp.start(broker().config("accounting"))) {
      assertThat(app.awaitRunning(WAIT)).isTrue();
      broker().send(topics().profiles(), "ana", vp("ana"));
      int good = 1;
      for (String formId : List.of("demo-request", "demo-request")) {
        broker().send(topics().webActivity(), "ana", event("ana", FORM_SUBMIT, formId));
        good++;
      }
      byte[] key = "ana".getBytes(StandardCharsets.UTF_8);
      broker().sendRaw(LeadscoreTopics.WEB_ACTIVITY, key, "not avro".getBytes(StandardCharsets.UTF_8));
      broker().sendRaw(LeadscoreTopics.WEB_ACTIVITY, key, ByteBuffer.allocate(8).put((byte) 0).putInt(4242).array());
      broker().send(topics().webActivity(), "ana", WebActivity.newBuilder(event("ana", VIDEO_WATCHED, null))
          .setEventTime(NOW.plus(Duration.ofDays(2))).build());
      broker().send(topics().webActivity(), "bob", event("ana", VIDEO_WATCHED, null));
      int bad = 4;
      broker().send(topics().webActivity(), "ana", event("ana", VIDEO_WATCHED, null));
      good++;

      List<LeadScore> scores = broker().read(topics().leadScores(), "ana", good, WAIT);
      List<ConsumerRecord<byte[], byte[]>> dead = broker().readRaw(LeadscoreTopics.DEAD_LETTERS, null, bad, WAIT);
      assertThat(scores).hasSize(good);
      assertThat(dead).hasSize(bad);
      Set<String> reasons = dead.stream()
          .map(r -> new String(r.headers().lastHeader("__streams.errors.message").value(), StandardCharsets.UTF_8))
          .collect(Collectors.toSet());
      assertThat(reasons).anySatisfy(r -> assertThat(r).contains("wire format"))
          .anySatisfy(r -> assertThat(r).contains("schema id 4242"))
          .anySatisfy(r -> assertThat(r).contains("ahead of the clock"))
          .anySatisfy(r -> assertThat(r).contains("does not match the record key"));

      assertThat(scores.get(scores.size() - 1).getLabel()).isEqualTo("B110");
      double dropped = app.streams().metrics().values().stream()
          .filter(m -> m.metricName().name().equals("dropped-records-total"))
          .mapToDouble(m -> ((Number) m.metricValue()).doubleValue()).sum();
      assertThat(dropped).as("Kafka Streams' dropped-records-total counts the dead letters").isEqualTo(bad);
      List<MqlEntry> mql = broker().read(topics().mql(), "ana", 1, WAIT);
      assertThat(mql).hasSize(1);
      assertThat(mql.get(0).getProfile().getJobLevel()).isEqualTo("VP");

      // A window store reports 0 until its first segment exists.
      List<Long> cacheSizes = app.streams().metrics().values().stream()
          .filter(m -> m.metricName().name().equals("block-cache-capacity"))
          .map(m -> ((Number) m.metricValue()).longValue()).filter(size -> size > 0).toList();
      assertThat(cacheSizes).as("every RocksDB store shares the one bounded cache").hasSizeGreaterThan(10)
          .containsOnly(BoundedRocksDbMemory.DEFAULT_MEMORY_BYTES);
    }
  }

  @Test
  void restartedAppRestoresStateFromChangelogsAndScoresOn() throws Exception {
    LeadscoreConfig config = broker().config("restart");
    try (ScoringApp app = ScoringApp.start(config)) {
      assertThat(app.awaitRunning(WAIT)).isTrue();
      broker().send(topics().profiles(), "cora", vp("cora"));
      broker().send(topics().webActivity(), "cora", event("cora", FORM_SUBMIT, "demo-request"));
      broker().send(topics().webActivity(), "cora", event("cora", VIDEO_WATCHED, null));
      assertThat(broker().read(topics().stageChanges(), "cora", 2, WAIT))
          .extracting(StageChange::getToStage).containsExactly("warm", "hot");
    }
    // Losing the local state (a new pod, a lost disk) must not lose a lead's history: it is in the changelogs.
    deleteTree(Path.of(config.get("state.dir")));

    try (ScoringApp app = ScoringApp.start(config)) {
      assertThat(app.awaitRunning(WAIT)).isTrue();
      broker().send(topics().webActivity(), "cora", event("cora", VIDEO_WATCHED, null));
      List<StageChange> changes = broker().read(topics().stageChanges(), "cora", 3, WAIT);
      assertThat(changes).extracting(StageChange::getToStage).containsExactly("warm", "hot", "mql");
      assertThat(changes.get(2).getSnapshot().getEngagementScore()).as("40 + 30 before the restart, 30 after")
          .isEqualTo(100.0);
    }
  }

  @Test
  void topicsWithDifferentPartitionCountsStopTheAppWithAClearMessage() throws Exception {
    try (BrokerFixture other = new BrokerFixture(); Admin admin = Admin.create(other.config("x").clientSettings())) {
      admin.createTopics(List.of(new NewTopic(LeadscoreTopics.WEB_ACTIVITY, 4, (short) 1),
          new NewTopic(LeadscoreTopics.PROFILES, 2, (short) 1))).all().get();
      assertThatThrownBy(() -> ScoringApp.start(other.config("mismatch")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("need the same number of partitions")
          .hasMessageContaining("leadscore.activity.web=4")
          .hasMessageContaining("leadscore.profiles=2");
    }
  }

  private static void deleteTree(Path dir) throws Exception {
    try (Stream<java.nio.file.Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
