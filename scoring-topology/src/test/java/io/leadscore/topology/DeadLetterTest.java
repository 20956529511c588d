package io.leadscore.topology;

import static io.leadscore.avro.WebActivityType.PAGE_VIEW;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadscore.avro.MqlRouting;
import io.leadscore.avro.SalesRep;
import io.leadscore.avro.WebActivity;
import io.leadscore.avro.WebActivityType;
import io.leadscore.failures.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** Bad input goes to the dead-letter topic with its original bytes and the reason; good input keeps flowing. */
class DeadLetterTest {

  private static String header(TestRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  static String reason(TestRecord<byte[], byte[]> record) {
    return header(record, "__streams.errors.message");
  }

  @Test
  void invalidActivityIsDeadLetteredWithTheReasonAndTheOriginalBytes() {
    try (ScoringTestKit kit = ScoringTestKit.withDefaultRules()) {
      WebActivity wrongKey = kit.webEvent("lead-1", PAGE_VIEW).build();
      kit.pipeWeb("lead-2", wrongKey);
      List<TestRecord<byte[], byte[]>> dead = kit.deadLetters();

      assertThat(dead).hasSize(1);
      assertThat(reason(dead.get(0))).isEqualTo("leadId 'lead-1' does not match the record key 'lead-2'");
      assertThat(header(dead.get(0), "__streams.errors.topic")).isEqualTo(LeadscoreTopics.WEB_ACTIVITY);
      assertThat(header(dead.get(0), "__streams.errors.exception")).isEqualTo(InvalidInputException.class.getName());
      assertThat(new String(dead.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("lead-2");
      assertThat(dead.get(0).value()).isEqualTo(kit.serializeWeb(wrongKey));
    }
  }

  @Test
  void eventFarInTheFutureIsDeadLetteredWithItsKafkaTimestampWhichTheBrokerAccepts() {
    try (ScoringTestKit kit = ScoringTestKit.withDefaultRules()) {
      WebActivity future = kit.webEvent("lead-1", PAGE_VIEW).setEventTime(kit.now().plus(Duration.ofDays(3))).build();
      kit.pipeWeb("lead-1", future);
      List<TestRecord<byte[], byte[]>> dead = kit.deadLetters();
      assertThat(dead).hasSize(1);
      assertThat(reason(dead.get(0))).contains("ahead of the clock");
      assertThat(dead.get(0).timestamp()).isEqualTo(kit.now().toEpochMilli());
    }
  }

  @Test
  void everyKindOfBadInputIsDeadLetteredAndEveryGoodRecordIsScored() {
    try (ScoringTestKit kit = ScoringTestKit.withDefaultRules()) {
      int good = 0;
      for (int i = 0; i < 5; i++) {
        kit.send(kit.webEvent("good-" + i, PAGE_VIEW).setUrl("https://example.com/"));
        good++;
      }
      kit.pipeWeb("", kit.webEvent("", PAGE_VIEW).build());
      kit.send(kit.webEvent("lead-x", PAGE_VIEW).setEventId(""));
      kit.send(kit.webEvent("lead-x", WebActivityType.UNKNOWN));
      kit.send(kit.webEvent("lead-x", PAGE_VIEW).setEventTime(kit.now().plus(Duration.ofDays(2))));
      kit.pipeRawWeb("lead-x".getBytes(StandardCharsets.UTF_8), "not avro".getBytes(StandardCharsets.UTF_8));
      kit.pipeRawWeb("lead-x".getBytes(StandardCharsets.UTF_8), ByteBuffer.allocate(9).put((byte) 0).putInt(9999)
          .array());
      kit.pipeRawWeb("lead-x".getBytes(StandardCharsets.UTF_8), null);
      for (int i = 5; i < 8; i++) {
        kit.send(kit.webEvent("good-" + i, PAGE_VIEW).setUrl("https://example.com/"));
        good++;
      }

      List<TestRecord<byte[], byte[]>> dead = kit.deadLetters();
      Map<String, String> reasons = dead.stream().collect(Collectors.toMap(
          r -> reason(r), r -> header(r, "__streams.errors.exception"), (a, b) -> a));
      assertThat(dead).hasSize(7);
      assertThat(reasons.keySet()).anySatisfy(r -> assertThat(r).contains("missing lead id"))
          .anySatisfy(r -> assertThat(r).contains("missing event id"))
          .anySatisfy(r -> assertThat(r).contains("unknown web activity type"))
          .anySatisfy(r -> assertThat(r).contains("ahead of the clock"))
          .anySatisfy(r -> assertThat(r).contains("not in the schema registry wire format"))
          .anySatisfy(r -> assertThat(r).contains("schema id 9999"))
          .anySatisfy(r -> assertThat(r).contains("no value"));
      assertThat(kit.latestScores()).hasSize(good);
    }
  }

  @Test
  void oversizedIdsAndTextAreDeadLetteredBeforeAnythingKeepsThem() {
    try (ScoringTestKit kit = ScoringTestKit.withDefaultRules()) {
      String longId = "x".repeat(257);
      kit.send(kit.webEvent(longId, PAGE_VIEW));
      kit.send(kit.webEvent("lead-1", PAGE_VIEW).setEventId(longId));
      kit.send(kit.webEvent("lead-1", PAGE_VIEW).setUrl("https://example.com/" + "a".repeat(8_200)));
      kit.send(kit.webEvent("lead-1", PAGE_VIEW).setFormAnswers(Map.of("budget", "é".repeat(4_097))));
      kit.send(kit.webEvent("lead-1", PAGE_VIEW).setUrl("https://example.com/" + "é".repeat(4_000)));

      assertThat(kit.deadLetters()).extracting(DeadLetterTest::reason).containsExactly(
          "lead id 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...' (the record key) is longer than "
              + "256 bytes",
          "event id 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...' (eventId) is longer than "
              + "256 bytes",
          "url is longer than 8192 bytes",
          "formAnswers['budget'] is longer than 8192 bytes");
      assertThat(kit.latestScores()).as("8,020 bytes of URL are within bounds").containsOnlyKeys("lead-1");
    }
  }

  @Test
  void profilesOfAnotherTypeWithoutAKeyOrForAnotherLeadAreDeadLetteredNotStored() {
    try (ScoringTestKit kit = ScoringTestKit.withDefaultRules()) {
      WebActivity notAProfile = kit.webEvent("lead-1", PAGE_VIEW).build();
      kit.pipeRaw(LeadscoreTopics.PROFILES, "lead-1".getBytes(StandardCharsets.UTF_8), kit.serializeWeb(notAProfile));
      kit.pipeRaw(LeadscoreTopics.PROFILES, null, kit.serialize(kit.topics.profiles(),
          kit.profile("lead-1").setJobLevel("VP").build()));
      kit.pipeRaw(LeadscoreTopics.PROFILES, "lead-1".getBytes(StandardCharsets.UTF_8), kit.serialize(
          kit.topics.profiles(), kit.profile("lead-2").setJobLevel("VP").build()));

      assertThat(kit.deadLetters()).extracting(DeadLetterTest::reason).satisfiesExactly(
          r -> assertThat(r).contains("a io.leadscore.avro.WebActivity cannot be read as io.leadscore.avro.LeadProfile"),
          r -> assertThat(r).isEqualTo("missing lead id: the record key is empty"),
          r -> assertThat(r).isEqualTo("leadId 'lead-2' does not match the record key 'lead-1'"));
      kit.send(kit.profile("lead-1").setJobLevel("VP"));
      kit.send(kit.webEvent("lead-1", PAGE_VIEW).setUrl("https://example.com/"));
      assertThat(kit.latestScores().get("lead-1").getGrade().name()).as("the table holds the good profile only")
          .isEqualTo("B");
    }
  }

  @Test
  void badRosterRecordsAreDeadLetteredAndRoutingGoesOnWithTheGoodOnes() {
    try (ScoringTestKit kit = ScoringTestKit.withRules("routing.yaml")) {
      SalesRep ana = SalesRep.newBuilder().setRepId("ana").setName("Ana").setTeam("latam").build();
      kit.send(SalesRep.newBuilder(ana).setTeam(" ").build());
      kit.send(SalesRep.newBuilder(ana).setWeight(0).build());
      kit.pipeRaw(LeadscoreTopics.SALES_REPS, "bob".getBytes(StandardCharsets.UTF_8),
          kit.serialize(kit.topics.salesReps(), ana));
      kit.pipeRaw(LeadscoreTopics.SALES_REPS, "ana".getBytes(StandardCharsets.UTF_8), "{\"name\":\"Ana\"}"
          .getBytes(StandardCharsets.UTF_8));
      kit.send(ana);
      kit.send(kit.profile("lead-1").setJobLevel("VP").setCountry("MX"));
      kit.send(kit.webEvent("lead-1", WebActivityType.FORM_SUBMIT).setFormId("demo-request"));

      assertThat(kit.deadLetters()).extracting(DeadLetterTest::reason).satisfiesExactly(
          r -> assertThat(r).isEqualTo("sales rep has no team"),
          r -> assertThat(r).isEqualTo("sales rep weight 0 is not a positive whole number"),
          r -> assertThat(r).isEqualTo("repId 'ana' does not match the record key 'bob'"),
          r -> assertThat(r).contains("not in the schema registry wire format"));
      assertThat(kit.routings()).extracting(MqlRouting::getRepId).containsExactly("ana");
    }
  }
}
