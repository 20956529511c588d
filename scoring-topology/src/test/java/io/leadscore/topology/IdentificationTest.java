package io.leadscore.topology;

import static io.leadscore.avro.WebActivityType.FORM_SUBMIT;
import static io.leadscore.avro.WebActivityType.PAGE_VIEW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.leadscore.avro.LeadScore;
import io.leadscore.avro.ScoreReason;
import io.leadscore.avro.StageChange;
import io.leadscore.avro.WebActivity;
import io.leadscore.identity.Visitor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** Anonymous visitors identified as leads, through the topology the app runs. */
class IdentificationTest {

  /**
   * Five page views over four days (four on one day, where the daily cap of three holds), a pricing page among them.
   * {@code event} makes each an anonymous visitor's or a lead's event.
   */
  private static void browse(ScoringTestKit kit, UnaryOperator<WebActivity.Builder> event) {
    Instant now = kit.now();
    List<Instant> times = List.of(now.minus(Duration.ofDays(4)), now.minus(Duration.ofDays(4)).plusSeconds(600),
        now.minus(Duration.ofDays(4)).plusSeconds(1200), now.minus(Duration.ofDays(4)).plusSeconds(1800),
        now.minus(Duration.ofDays(1)));
    for (int i = 0; i < times.size(); i++) {
      String url = i == times.size() - 1 ? "https://example.com/pricing" : "https://example.com/blog/" + i;
      kit.send(event.apply(WebActivity.newBuilder().setEventId(kit.nextEventId()).setType(PAGE_VIEW)
          .setEventTime(times.get(i)).setUrl(url)).build());
    }
  }

  private static void requestDemo(ScoringTestKit kit, String lead) {
    kit.send(kit.webEvent(lead, FORM_SUBMIT).setFormId("demo-request").build());
  }

  private static UnaryOperator<WebActivity.Builder> visitor(String visitor) {
    return event -> event.setLeadId(null).setVisitorId(visitor);
  }

  private static UnaryOperator<WebActivity.Builder> lead(String lead) {
    return event -> event.setLeadId(lead);
  }

  @Test
  void identificationCreditsTheVisitorsActivityAsIfItHadComeInOrder() {
    try (ScoringTestKit kit = ScoringTestKit.withDefaultRules()) {
      browse(kit, visitor("visitor-1"));
      assertThat(kit.scores()).as("anonymous activity scores no lead").isEmpty();
      requestDemo(kit, "lead-identified");
      kit.identify("visitor-1", "lead-identified", kit.now());

      browse(kit, lead("lead-in-order"));
      requestDemo(kit, "lead-in-order");

      Map<String, LeadScore> latest = kit.latestScores();
      LeadScore identified = latest.get("lead-identified");
      LeadScore inOrder = latest.get("lead-in-order");
      assertThat(identified.getEngagementScore()).isEqualTo(inOrder.getEngagementScore());
      assertThat(identified.getScore()).isEqualTo(inOrder.getScore());
      assertThat(identified.getStage()).isEqualTo(inOrder.getStage()).isEqualTo("hot");
      // 40 for the demo, 3 capped visits and the pricing page's visit and 10, all decayed by their age.
      assertThat(inOrder.getEngagementScore()).isGreaterThan(65).isLessThan(70);

      assertThat(identified.getTopReasons()).filteredOn(ScoreReason::getBeforeIdentification)
          .extracting(ScoreReason::getRuleId).containsExactlyInAnyOrder("website-visit", "pricing-page");
      assertThat(inOrder.getTopReasons()).noneMatch(ScoreReason::getBeforeIdentification);
      StageChange change = kit.stageChanges().stream().filter(c -> c.getLeadId().equals("lead-identified"))
          .reduce((first, second) -> second).orElseThrow();
      assertThat(change.getSnapshot().getTopReasons()).extracting(ScoreReason::getDescription)
          .contains("Visited the website (before identification)", "Looked at pricing (before identification)")
          .doesNotContain("Visited the website");
    }
  }

  @Test
  void identificationMovesTheLeadOnceHoweverMuchItCredits() {
    try (ScoringTestKit kit = ScoringTestKit.withDefaultRules()) {
      browse(kit, visitor("visitor-1"));
      requestDemo(kit, "lead-1");
      assertThat(kit.stageChanges()).extracting(StageChange::getToStage).containsExactly("warm");
      kit.scores();

      kit.identify("visitor-1", "lead-1", kit.now());
      assertThat(kit.scores()).as("one score for the whole credit").hasSize(1);
      assertThat(kit.stageChanges()).as("at most one move for the whole credit").hasSizeLessThanOrEqualTo(1);
      kit.identify("visitor-1", "lead-1", kit.now());
      assertThat(kit.scores()).as("the same identification again credits nothing").isEmpty();
    }
  }

  @Test
  void identificationAfterTheLookbackCreditsNothingOlder() {
    try (ScoringTestKit kit = ScoringTestKit.withDefaultRules()) {
      Instant now = kit.now();
      for (int days : List.of(45, 31, 10)) {
        kit.send(kit.visitorEvent("visitor-1", PAGE_VIEW).setEventTime(now.minus(Duration.ofDays(days)))
            .setUrl("https://example.com/blog").build());
      }
      kit.send(kit.webEvent("lead-control", PAGE_VIEW).setEventTime(now.minus(Duration.ofDays(10)))
          .setUrl("https://example.com/blog").build());
      kit.identify("visitor-1", "lead-1", now);

      Map<String, LeadScore> latest = kit.latestScores();
      assertThat(latest.get("lead-1").getEngagementScore())
          .as("only the visit 10 days ago, within the 30-day lookback")
          .isEqualTo(latest.get("lead-control").getEngagementScore());
      assertThat(latest.get("lead-1").getLastActivityAt()).isEqualTo(now.minus(Duration.ofDays(10)));
    }
  }

  @Test
  void aLeadMayHaveTwoDevicesAndTheirLaterActivityGoesStraightToIt() {
    try (ScoringTestKit kit = ScoringTestKit.withDefaultRules()) {
      kit.send(kit.visitorEvent("laptop", PAGE_VIEW).setUrl("https://example.com/pricing").build());
      kit.send(kit.visitorEvent("phone", PAGE_VIEW).setUrl("https://example.com/blog").build());
      kit.identify("laptop", "lead-1", kit.now());
      kit.identify("phone", "lead-1", kit.now());
      kit.advanceClock(Duration.ofMinutes(1));
      kit.send(kit.visitorEvent("phone", PAGE_VIEW).setUrl("https://example.com/pricing").build());

      Map<String, LeadScore> scored = kit.latestScores();
      assertThat(scored).as("nothing is scored under a visitor id").containsOnlyKeys("lead-1");
      LeadScore latest = scored.get("lead-1");
      // Three visits (5 each) and two pricing pages (10 each), a minute apart: no decay to speak of.
      assertThat(latest.getEngagementScore()).isEqualTo(35);
      assertThat(latest.getTopReasons())
          .extracting(ScoreReason::getRuleId, ScoreReason::getBeforeIdentification, ScoreReason::getPoints)
          .containsExactlyInAnyOrder(tuple("website-visit", true, 10.0), tuple("pricing-page", true, 10.0),
              tuple("website-visit", false, 5.0), tuple("pricing-page", false, 10.0));
    }
  }

  @Test
  void aVisitorIdentifiedAsASecondLeadIsReportedNotMerged() {
    try (ScoringTestKit kit = ScoringTestKit.withDefaultRules()) {
      kit.send(kit.visitorEvent("visitor-1", PAGE_VIEW).setUrl("https://example.com/pricing").build());
      kit.identify("visitor-1", "lead-1", kit.now());
      kit.scores();
      kit.identify("visitor-1", "lead-2", kit.now());
      kit.send(kit.visitorEvent("visitor-1", PAGE_VIEW).setUrl("https://example.com/blog").build());

      List<TestRecord<byte[], byte[]>> dead = kit.deadLetters();
      assertThat(dead).hasSize(1);
      assertThat(new String(dead.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("visitor-1");
      assertThat(new String(dead.get(0).headers().lastHeader("__streams.errors.message").value(),
          StandardCharsets.UTF_8)).contains("lead-2", "identified as lead 'lead-1'", "not merged");
      assertThat(kit.latestScores()).as("the visitor stays lead-1's").containsOnlyKeys("lead-1");
    }
  }

  @Test
  void anAnonymousVisitorIsForgottenOnceItsActivityPassesTheLookback() {
    try (ScoringTestKit kit = ScoringTestKit.withDefaultRules()) {
      kit.send(kit.visitorEvent("visitor-1", PAGE_VIEW).setUrl("https://example.com/pricing").build());
      KeyValueStore<String, Visitor> visitors = kit.driver.getKeyValueStore(LeadscoreStores.VISITORS);
      assertThat(visitors.get("visitor-1").kept()).hasSize(1);
      kit.advanceClock(Duration.ofDays(29));
      assertThat(visitors.get("visitor-1")).isNotNull();
      kit.advanceClock(Duration.ofDays(2));
      assertThat(visitors.get("visitor-1")).isNull();

      kit.identify("visitor-1", "lead-1", kit.now());
      assertThat(kit.scores()).as("nothing left to credit").isEmpty();
    }
  }

  @Test
  void anonymousActivityWhoseKeyIsNotItsVisitorGoesToTheDeadLetterTopic() {
    try (ScoringTestKit kit = ScoringTestKit.withDefaultRules()) {
      kit.pipeWeb("someone-else", kit.visitorEvent("visitor-1", PAGE_VIEW).build());
      kit.pipeWeb("visitor-2", kit.visitorEvent(null, PAGE_VIEW).build());
      assertThat(kit.deadLetters()).extracting(record -> new String(
              record.headers().lastHeader("__streams.errors.message").value(), StandardCharsets.UTF_8))
          .containsExactly(
              "anonymous activity's visitorId 'visitor-1' does not match the record key 'someone-else'",
              "missing lead id: leadId is empty");
    }
  }
}
