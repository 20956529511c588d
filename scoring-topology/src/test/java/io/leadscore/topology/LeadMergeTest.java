package io.leadscore.topology;

import static io.leadscore.avro.WebActivityType.CONTENT_DOWNLOAD;
import static io.leadscore.avro.WebActivityType.FORM_SUBMIT;
import static io.leadscore.avro.WebActivityType.PAGE_VIEW;
import static io.leadscore.avro.WebActivityType.VIDEO_WATCHED;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadscore.avro.CrmOutcome;
import io.leadscore.avro.CrmOutcomeType;
import io.leadscore.avro.LeadScore;
import io.leadscore.avro.StageChange;
import io.leadscore.avro.StageChangeCause;
import io.leadscore.avro.WebActivity;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** Leads merged in the CRM, through the topology the app runs. */
class LeadMergeTest {

  private static WebActivity event(ScoringTestKit kit, String lead, String eventId,
      io.leadscore.avro.WebActivityType type, Instant at) {
    return kit.webEvent(lead, type).setEventId(eventId).setEventTime(at).setUrl("https://example.com/x")
        .setFormId(type == FORM_SUBMIT ? "demo-request" : null).build();
  }

  private static List<String> deadLetterReasons(ScoringTestKit kit) {
    return kit.deadLetters().stream().map(record -> new String(
        record.headers().lastHeader("__streams.errors.message").value(), StandardCharsets.UTF_8)).toList();
  }

  @Test
  void theSurvivorHasTheUnionOfBothHistoriesWithDuplicatesCountedOnce() {
    try (ScoringTestKit kit = ScoringTestKit.withDefaultRules()) {
      Instant now = kit.now();
      Instant earlier = now.minus(Duration.ofMinutes(30));
      // The webinar platform synced one download to both CRM records: one event id, counted once.
      kit.send(event(kit, "lead-a", "page", PAGE_VIEW, earlier));
      kit.send(event(kit, "lead-a", "shared-download", CONTENT_DOWNLOAD, earlier.plusSeconds(60)));
      kit.send(event(kit, "lead-b", "shared-download", CONTENT_DOWNLOAD, earlier.plusSeconds(60)));
      kit.send(event(kit, "lead-b", "demo", FORM_SUBMIT, now));
      for (WebActivity e : List.of(event(kit, "lead-c", "page", PAGE_VIEW, earlier),
          event(kit, "lead-c", "shared-download", CONTENT_DOWNLOAD, earlier.plusSeconds(60)),
          event(kit, "lead-c", "demo", FORM_SUBMIT, now))) {
        kit.send(e);
      }
      kit.stageChanges();
      LeadScore inOrder = kit.latestScores().get("lead-c");

      kit.merge("lead-b", "lead-a");

      List<TestRecord<String, LeadScore>> published = kit.scoreRecords();
      assertThat(published).extracting(TestRecord::key).containsExactlyInAnyOrder("lead-a", "lead-b");
      LeadScore survivor = published.stream().filter(r -> r.key().equals("lead-a")).findFirst().orElseThrow()
          .value();
      assertThat(published.stream().filter(r -> r.key().equals("lead-b")).findFirst().orElseThrow().value())
          .as("the merged lead's score is deleted").isNull();
      assertThat(survivor.getEngagementScore()).isEqualTo(inOrder.getEngagementScore());
      assertThat(survivor.getStage()).isEqualTo(inOrder.getStage());

      List<StageChange> changes = kit.stageChanges();
      assertThat(changes).extracting(StageChange::getLeadId, StageChange::getCause)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("lead-a", StageChangeCause.MERGE));

      KeyValueStore<String, StageHistory> history = kit.driver.getKeyValueStore(LeadscoreStores.STAGE_HISTORY);
      assertThat(history.get("lead-b")).as("moved to the survivor").isNull();
      assertThat(history.get("lead-a").moves()).extracting(StageMove::leadId).contains("lead-a", "lead-b");
      KeyValueStore<String, Long> counts = kit.driver.getKeyValueStore(LeadscoreStores.STAGE_GRADE_COUNTS);
      long leads = 0;
      try (var all = counts.all()) {
        while (all.hasNext()) {
          leads += all.next().value;
        }
      }
      assertThat(leads).as("lead-a and lead-c; lead-b is gone").isEqualTo(2);
    }
  }

  @Test
  void historiesOlderThanTheReorderWindowJoinDecayedAsInOrder() {
    try (ScoringTestKit kit = ScoringTestKit.withDefaultRules()) {
      Instant now = kit.now();
      kit.send(event(kit, "survivor", "download", CONTENT_DOWNLOAD, now.minus(Duration.ofDays(10))));
      kit.send(event(kit, "merged", "video", VIDEO_WATCHED, now.minus(Duration.ofDays(5))));
      kit.send(event(kit, "merged", "visit", PAGE_VIEW, now.minus(Duration.ofDays(2))));
      kit.send(event(kit, "in-order", "download", CONTENT_DOWNLOAD, now.minus(Duration.ofDays(10))));
      kit.send(event(kit, "in-order", "video", VIDEO_WATCHED, now.minus(Duration.ofDays(5))));
      kit.send(event(kit, "in-order", "visit", PAGE_VIEW, now.minus(Duration.ofDays(2))));
      kit.merge("merged", "survivor");
      // Scores are evaluated at the lead's latest time: one more visit now puts both at the same time.
      kit.send(event(kit, "survivor", "now", PAGE_VIEW, now));
      kit.send(event(kit, "in-order", "now", PAGE_VIEW, now));

      Map<String, LeadScore> latest = kit.latestScores();
      assertThat(latest.get("survivor").getEngagementScore())
          .isEqualTo(latest.get("in-order").getEngagementScore());
      assertThat(latest.get("survivor").getEngagementScore()).as("the merged lead's video counts")
          .isGreaterThan(40);
    }
  }

  @Test
  void theMergedIdsLaterActivityGoesToTheSurvivorAndItsOutcomesAreReported() {
    try (ScoringTestKit kit = ScoringTestKit.withDefaultRules()) {
      kit.send(kit.webEvent("survivor", PAGE_VIEW).setUrl("https://example.com/").build());
      kit.send(kit.webEvent("merged", PAGE_VIEW).setUrl("https://example.com/blog").build());
      kit.merge("merged", "survivor");
      kit.merge("merged", "survivor");
      kit.scores();

      kit.send(kit.webEvent("merged", CONTENT_DOWNLOAD).build());
      kit.send(kit.profile("merged").setJobTitle("CFO"));
      kit.send(CrmOutcome.newBuilder().setLeadId("merged").setOutcome(CrmOutcomeType.ACCEPTED)
          .setReportedAt(kit.now()).build());

      List<TestRecord<String, LeadScore>> published = kit.scoreRecords();
      assertThat(published).extracting(TestRecord::key).as("the merged lead is not scored again")
          .containsExactly("survivor");
      assertThat(published.get(0).value().getEngagementScore()).isEqualTo(25);
      assertThat(deadLetterReasons(kit)).containsExactly(
          "lead 'merged' was merged into lead 'survivor': report the outcome for that lead");
    }
  }

  @Test
  void mergesThatCannotBeAreReported() {
    try (ScoringTestKit kit = ScoringTestKit.withDefaultRules()) {
      kit.send(kit.webEvent("lead-a", PAGE_VIEW).build());
      kit.merge("lead-a", "lead-a");
      kit.merge("lead-b", "lead-a");
      kit.merge("lead-b", "lead-c");
      kit.merge("lead-a", "lead-d");
      kit.send(kit.webEvent("lead-b", PAGE_VIEW).build());

      assertThat(deadLetterReasons(kit)).containsExactly(
          "lead 'lead-a' cannot be merged into itself",
          "lead 'lead-b' was merged into lead 'lead-a' already",
          "activity of 'lead-b' came for lead 'lead-a', which was merged into lead 'lead-d': send it for that lead");
    }
  }
}
