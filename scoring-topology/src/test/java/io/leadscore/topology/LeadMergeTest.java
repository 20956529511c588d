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
  void leadsMergedEarlierFollowTheirSurvivorWhenItIsMergedInTurn() {
    try (ScoringTestKit kit = ScoringTestKit.withDefaultRules()) {
      kit.send(kit.webEvent("lead-a", PAGE_VIEW).setUrl("https://example.com/").build());
      kit.send(kit.webEvent("lead-b", PAGE_VIEW).setUrl("https://example.com/blog").build());
      kit.send(kit.webEvent("lead-c", PAGE_VIEW).setUrl("https://example.com/customers").build());
      kit.merge("lead-a", "lead-b");
      kit.merge("lead-b", "lead-c");
      kit.merge("lead-c", "lead-d");
      kit.scoreRecords();

      // lead-a's tracking cookie still says lead-a: two chains on, its activity reaches the survivor of both.
      kit.send(kit.webEvent("lead-a", CONTENT_DOWNLOAD).build());
      kit.send(kit.webEvent("lead-b", CONTENT_DOWNLOAD).setEventId("download-b").build());

      List<TestRecord<String, LeadScore>> published = kit.scoreRecords();
      assertThat(published).extracting(TestRecord::key).containsOnly("lead-d");
      // Three page views (5 each) and two downloads (15 each), as if every event had been lead-d's.
      assertThat(published.get(published.size() - 1).value().getEngagementScore()).isEqualTo(45);
      assertThat(deadLetterReasons(kit)).isEmpty();
      KeyValueStore<String, String> mergedInto = kit.driver.getKeyValueStore(LeadscoreStores.MERGED_LEADS);
      assertThat(List.of("lead-a", "lead-b", "lead-c")).allSatisfy(lead -> assertThat(mergedInto.get(lead))
          .as(lead).isEqualTo("lead-d"));
      KeyValueStore<String, List<String>> mergedFrom = kit.driver.getKeyValueStore(LeadscoreStores.MERGED_FROM);
      assertThat(mergedFrom.get("lead-d")).containsExactlyInAnyOrder("lead-a", "lead-b", "lead-c");
      assertThat(mergedFrom.get("lead-c")).as("passed on to lead-d").isNull();
    }
  }

  @Test
  void mergesThatCannotBeAreReported() {
    try (ScoringTestKit kit = ScoringTestKit.withDefaultRules()) {
      kit.send(kit.webEvent("lead-a", PAGE_VIEW).build());
      kit.merge("lead-a", "lead-a");
      kit.merge("lead-b", "lead-a");
      kit.merge("lead-b", "lead-c");
      // Only leadscore sets via, for a lead that was merged into it; a record that says otherwise is refused.
      kit.merge("lead-b", "lead-c", "lead-x");
      // A circle: lead-a into lead-b, which was merged into lead-a.
      kit.merge("lead-a", "lead-b");

      assertThat(deadLetterReasons(kit)).containsExactly(
          "lead 'lead-a' cannot be merged into itself",
          "lead 'lead-b' was merged into lead 'lead-a' already",
          "lead 'lead-b' cannot follow lead 'lead-x' into lead 'lead-c': it was merged into lead 'lead-a'",
          "the merge of lead 'lead-a' came for lead 'lead-b', which was merged into lead 'lead-a': send it for that lead",
          "lead 'lead-b' cannot be merged into itself");
    }
  }
}
