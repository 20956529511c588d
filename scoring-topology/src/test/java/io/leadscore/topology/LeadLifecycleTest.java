package io.leadscore.topology;

import static io.leadscore.avro.EmailActivityType.UNSUBSCRIBED;
import static io.leadscore.avro.WebActivityType.CONTENT_DOWNLOAD;
import static io.leadscore.avro.WebActivityType.FORM_SUBMIT;
import static io.leadscore.avro.WebActivityType.PAGE_VIEW;
import static io.leadscore.avro.WebActivityType.VIDEO_WATCHED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.leadscore.avro.Grade;
import io.leadscore.avro.LeadScore;
import io.leadscore.avro.MqlEntry;
import io.leadscore.avro.ReasonKind;
import io.leadscore.avro.ScoreReason;
import io.leadscore.avro.StageChange;
import io.leadscore.avro.StageChangeCause;
import io.leadscore.avro.StageDirection;
import io.leadscore.avro.WebActivity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Decay, hysteresis, duplicates, ordering, profiles and the floor, through the topology the app runs. */
class LeadLifecycleTest {

  private static LeadScore last(ScoringTestKit kit) {
    List<LeadScore> scores = kit.scores();
    assertThat(scores).isNotEmpty();
    return scores.get(scores.size() - 1);
  }

  /** Two demo requests: 80 points, a hot lead under the default rules. */
  private static void makeHot(ScoringTestKit kit, String lead) {
    kit.send(kit.webEvent(lead, FORM_SUBMIT).setFormId("demo-request"));
    kit.send(kit.webEvent(lead, FORM_SUBMIT).setFormId("demo-request"));
  }

  @Test
  void decayMovesALeadDownAStageWithNoNewActivity() {
    try (ScoringTestKit kit = ScoringTestKit.withDefaultRules()) {
      makeHot(kit, "lead-1");
      assertThat(last(kit).getStage()).isEqualTo("hot");
      kit.stageChanges();

      // 80 points with a 30-day half-life fall below hot's exit of 50 after 20.3 days.
      kit.advanceClock(Duration.ofDays(20));
      assertThat(kit.stageChanges()).as("still above 50 after 20 days").isEmpty();
      kit.advanceClock(Duration.ofDays(1));

      List<StageChange> changes = kit.stageChanges();
      assertThat(changes).hasSize(1);
      StageChange change = changes.get(0);
      assertThat(change.getFromStage()).isEqualTo("hot");
      assertThat(change.getToStage()).isEqualTo("warm");
      assertThat(change.getDirection()).isEqualTo(StageDirection.DOWN);
      assertThat(change.getCause()).isEqualTo(StageChangeCause.DECAY);
      assertThat(change.getSnapshot().getEngagementScore()).isLessThan(50).isGreaterThan(48);
    }
  }

  @Test
  void decayPunctuationRescoresOnlyTheLeadsThatChangeStage() {
    try (ScoringTestKit kit = ScoringTestKit.withDefaultRules()) {
      for (int i = 0; i < 50; i++) {
        kit.send(kit.webEvent("cold-" + i, PAGE_VIEW).setUrl("https://example.com/"));
      }
      makeHot(kit, "hot-1");
      kit.scores();
      kit.advanceClock(Duration.ofDays(21));
      assertThat(kit.latestScores()).containsOnlyKeys("hot-1");
    }
  }

  @Test
  void activityThatPostponesDecayMovesTheDropToTheNewDueTime() {
    try (ScoringTestKit kit = ScoringTestKit.withDefaultRules()) {
      makeHot(kit, "lead-1");
      kit.advanceClock(Duration.ofDays(10));
      // 80 points decayed for 10 days (63.5) plus another 40: about 103.5, which falls below 50 on day 41.5.
      kit.send(kit.webEvent("lead-1", FORM_SUBMIT).setFormId("demo-request"));
      assertThat(last(kit).getStage()).isEqualTo("hot");
      kit.stageChanges();

      kit.advanceClock(Duration.ofDays(11));
      assertThat(kit.stageChanges()).as("day 21, when the first two requests alone would have dropped").isEmpty();
      assertThat(kit.scores()).as("looking again later is not a new score").isEmpty();
      kit.advanceClock(Duration.ofDays(20));
      assertThat(kit.stageChanges()).as("day 41").isEmpty();
      kit.advanceClock(Duration.ofDays(1));
      assertThat(kit.stageChanges()).as("day 42").extracting(StageChange::getToStage, StageChange::getCause)
          .containsExactly(tuple("warm", StageChangeCause.DECAY));
    }
  }

  @Test
  void activityThatBringsDecayForwardDropsTheLeadEarlier() {
    try (ScoringTestKit kit = ScoringTestKit.withDefaultRules()) {
      makeHot(kit, "lead-1");
      // 80 + 5 for the visit - 10 for the careers page: 75, which falls below 50 on day 17.5 instead of 20.3.
      kit.send(kit.webEvent("lead-1", PAGE_VIEW).setUrl("https://example.com/careers"));
      assertThat(last(kit).getScore()).isEqualTo(75.0);
      kit.stageChanges();

      kit.advanceClock(Duration.ofDays(17));
      assertThat(kit.stageChanges()).isEmpty();
      kit.advanceClock(Duration.ofDays(1));
      assertThat(kit.stageChanges()).extracting(StageChange::getToStage, StageChange::getCause)
          .containsExactly(tuple("warm", StageChangeCause.DECAY));
    }
  }

  @Test
  void aLateEventLeavesTheLeadInTheStageOfEventOrder() {
    try (ScoringTestKit kit = ScoringTestKit.withDefaultRules()) {
      Instant start = kit.now();
      // The careers page (5 - 10) comes last in event time but arrives first; the downloads follow, late.
      kit.send(kit.webEvent("lead-1", PAGE_VIEW).setUrl("https://example.com/careers")
          .setEventTime(start.plus(Duration.ofMinutes(20))));
      kit.send(kit.webEvent("lead-1", CONTENT_DOWNLOAD).setContentId("a").setEventTime(start));
      assertThat(kit.stageChanges()).isEmpty();
      kit.send(kit.webEvent("lead-1", CONTENT_DOWNLOAD).setContentId("b")
          .setEventTime(start.plus(Duration.ofMinutes(10))));

      // In event order the lead reached 30 (warm) before the careers page took it to 25, above warm's exit.
      assertThat(last(kit).getStage()).isEqualTo("warm");
      assertThat(kit.stageChanges()).extracting(StageChange::getFromStage, StageChange::getToStage,
          StageChange::getCause).containsExactly(tuple("cold", "warm", StageChangeCause.REORDER));
    }
  }

  @Test
  void hysteresisKeepsALeadInItsStageUntilBelowTheExit() {
    try (ScoringTestKit kit = ScoringTestKit.withDefaultRules()) {
      kit.send(kit.webEvent("lead-1", CONTENT_DOWNLOAD).setContentId("a"));
      kit.send(kit.webEvent("lead-1", CONTENT_DOWNLOAD).setContentId("b"));
      assertThat(last(kit).getStage()).as("30 points enters warm").isEqualTo("warm");

      kit.send(kit.webEvent("lead-1", CONTENT_DOWNLOAD).setContentId("careers-guide")
          .setUrl("https://example.com/careers/guide").setType(PAGE_VIEW));
      LeadScore afterCareers = last(kit);
      assertThat(afterCareers.getScore()).as("30 + 5 visit - 10 careers").isEqualTo(25.0);
      assertThat(afterCareers.getStage()).as("25 is below warm's entry but above its exit of 20").isEqualTo("warm");

      kit.send(kit.emailEvent("lead-1", UNSUBSCRIBED));
      LeadScore afterUnsubscribe = last(kit);
      assertThat(afterUnsubscribe.getStage()).isEqualTo("cold");
      List<StageChange> changes = kit.stageChanges();
      assertThat(changes).extracting(StageChange::getToStage).containsExactly("warm", "cold");
    }
  }

  @Test
  void duplicateEventsScoreOnce() {
    try (ScoringTestKit kit = ScoringTestKit.withDefaultRules()) {
      WebActivity download = kit.webEvent("lead-1", CONTENT_DOWNLOAD).setContentId("ebook").build();
      kit.send(download);
      kit.send(download);
      kit.send(WebActivity.newBuilder(download).setEventTime(download.getEventTime().plusSeconds(60)).build());
      List<LeadScore> scores = kit.scores();
      assertThat(scores).hasSize(1);
      assertThat(scores.get(0).getEngagementScore()).isEqualTo(15.0);
    }
  }

  @Test
  void eventIdsArePerLeadSoAnotherLeadsEventWithTheSameIdIsScoredAndRepeatsAreCounted() {
    try (ScoringTestKit kit = ScoringTestKit.withDefaultRules()) {
      WebActivity download = kit.webEvent("lead-1", CONTENT_DOWNLOAD).setEventId("evt-42").setContentId("ebook")
          .build();
      kit.send(download);
      kit.send(WebActivity.newBuilder(download).setLeadId("lead-2").build());
      kit.send(download);
      assertThat(kit.latestScores()).hasSize(2)
          .allSatisfy((lead, score) -> assertThat(score.getEngagementScore()).as(lead).isEqualTo(15.0));
      assertThat(kit.metric("duplicates-dropped-total")).isEqualTo(1.0);
    }
  }

  @Test
  void duplicatesAreDroppedAlsoAfterTheStateMovedTheirIdsToTheOverflowStore() {
    try (ScoringTestKit kit = ScoringTestKit.withDefaultRules()) {
      List<WebActivity> events = new ArrayList<>();
      Instant t0 = ScoringTestKit.START.minus(Duration.ofHours(7));
      for (int i = 0; i < 40; i++) {
        WebActivity visit = kit.webEvent("lead-1", PAGE_VIEW).setUrl("https://example.com/product/" + i)
            .setEventTime(t0.plus(Duration.ofMinutes(10L * i))).build();
        events.add(visit);
        kit.send(visit);
      }
      kit.send(events.get(0));
      kit.send(events.get(20));
      kit.send(events.get(39));

      assertThat(kit.metric("duplicates-dropped-total")).isEqualTo(3.0);
      assertThat(kit.scores()).as("one score per event, none for a repeat").hasSize(40);
    }
  }

  @Test
  void theOverflowStoreFindsARepeatWhoseTimeFallsInTheNextBucketOfTheWindow() {
    try (ScoringTestKit kit = ScoringTestKit.withDefaultRules()) {
      long week = Duration.ofDays(7).toMillis();
      Instant boundary = Instant.ofEpochMilli(Math.floorDiv(ScoringTestKit.START.toEpochMilli(), week) * week);
      List<WebActivity> events = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        WebActivity visit = kit.webEvent("lead-1", PAGE_VIEW).setUrl("https://example.com/product/" + i)
            .setEventTime(boundary.minus(Duration.ofMinutes(60 + 10L * (39 - i)))).build();
        events.add(visit);
        kit.send(visit);
      }
      // The reorder window keeps the last hour's events and the state 32 more ids: the first two went to the store.
      kit.send(WebActivity.newBuilder(events.get(0)).setEventTime(boundary.plus(Duration.ofHours(1))).build());
      assertThat(kit.metric("duplicates-dropped-total")).as("same id, two hours later, across the bucket boundary")
          .isEqualTo(1.0);
      kit.send(WebActivity.newBuilder(events.get(1)).setEventTime(boundary.minus(Duration.ofDays(8))).build());
      assertThat(kit.metric("duplicates-dropped-total")).as("same id, more than the window apart").isEqualTo(1.0);
    }
  }

  @Test
  void outOfOrderEventsGiveTheSameScoreAsInOrder() {
    List<WebActivity> events = new ArrayList<>();
    Instant t0 = ScoringTestKit.START.minus(Duration.ofMinutes(50));
    String[] paths = {"/", "/pricing", "/careers", "/product/a", "/pricing/enterprise", "/", "/"};
    for (int i = 0; i < paths.length; i++) {
      events.add(WebActivity.newBuilder().setEventId("e" + i).setLeadId("lead-1").setType(PAGE_VIEW)
          .setUrl("https://example.com" + paths[i]).setEventTime(t0.plus(Duration.ofMinutes(7L * i))).build());
    }
    events.add(WebActivity.newBuilder(events.get(0)).setEventId("dl").setType(VIDEO_WATCHED).build());

    double inOrder = finalScore(events);
    List<WebActivity> shuffled = new ArrayList<>(events);
    Collections.shuffle(shuffled, new Random(7));
    assertThat(finalScore(shuffled)).isCloseTo(inOrder, within(1e-6));
    Collections.reverse(shuffled);
    assertThat(finalScore(shuffled)).isCloseTo(inOrder, within(1e-6));
  }

  private static double finalScore(List<WebActivity> events) {
    try (ScoringTestKit kit = ScoringTestKit.withDefaultRules()) {
      events.forEach(kit::send);
      // A profile change rescores at the same moment for every order.
      kit.send(kit.profile("lead-1").setJobLevel("VP"));
      return last(kit).getEngagementScore();
    }
  }

  @Test
  void activityBeforeProfileIsScoredAndTheGradeFollowsTheProfile() {
    try (ScoringTestKit kit = ScoringTestKit.withDefaultRules()) {
      kit.send(kit.webEvent("lead-1", VIDEO_WATCHED).setContentId("tour"));
      LeadScore before = last(kit);
      assertThat(before.getEngagementScore()).isEqualTo(30.0);
      assertThat(before.getProfileKnown()).isFalse();
      assertThat(before.getGrade()).isEqualTo(Grade.D);

      kit.send(kit.profile("lead-1").setJobLevel("C_LEVEL").setIndustry("Software"));
      LeadScore after = last(kit);
      assertThat(after.getProfileKnown()).isTrue();
      assertThat(after.getGrade()).isEqualTo(Grade.A);
      assertThat(after.getLabel()).isEqualTo("A30");
      assertThat(after.getEngagementScore()).isEqualTo(30.0);
    }
  }

  @Test
  void aScoreIsPublishedAgainOnlyWhenSomethingItShowsChanged() {
    try (ScoringTestKit kit = ScoringTestKit.withDefaultRules()) {
      kit.send(kit.profile("lead-1").setJobLevel("VP"));
      kit.send(kit.webEvent("lead-1", VIDEO_WATCHED).setContentId("tour"));
      assertThat(kit.scores()).hasSize(2);

      kit.send(kit.profile("lead-1").setJobLevel("VP").setFirstName("Ana"));
      assertThat(kit.scores()).as("a new name changes no score, grade or reason").isEmpty();

      kit.send(kit.profile("lead-1").setJobLevel("C_LEVEL"));
      assertThat(kit.scores()).singleElement().satisfies(score -> assertThat(score.getGrade()).isEqualTo(Grade.B));
    }
  }

  @Test
  void profileChangeAloneCanQualifyALead() {
    try (ScoringTestKit kit = ScoringTestKit.withDefaultRules()) {
      kit.send(kit.profile("lead-1").setJobLevel("STUDENT"));
      makeHot(kit, "lead-1");
      kit.send(kit.webEvent("lead-1", VIDEO_WATCHED).setContentId("tour"));
      assertThat(last(kit).getLabel()).isEqualTo("D110");
      assertThat(kit.mqlEntries()).isEmpty();
      kit.stageChanges();

      kit.send(kit.profile("lead-1").setJobLevel("VP").setIndustry("Software"));
      List<StageChange> changes = kit.stageChanges();
      assertThat(changes).hasSize(1);
      assertThat(changes.get(0).getCause()).isEqualTo(StageChangeCause.PROFILE);
      assertThat(changes.get(0).getToStage()).isEqualTo("mql");
      List<MqlEntry> mql = kit.mqlEntries();
      assertThat(mql).hasSize(1);
      assertThat(mql.get(0).getSnapshot().getLabel()).isEqualTo("B110");
      assertThat(mql.get(0).getProfile().getJobLevel()).isEqualTo("VP");

      kit.send(kit.profile("lead-1").setJobLevel("STUDENT"));
      assertThat(kit.stageChanges()).extracting(StageChange::getToStage, StageChange::getCause)
          .containsExactly(tuple("hot", StageChangeCause.PROFILE));
    }
  }

  @Test
  void deletedProfileTakesTheGradeOfALeadWithoutProfile() {
    try (ScoringTestKit kit = ScoringTestKit.withDefaultRules()) {
      kit.send(kit.profile("lead-1").setJobLevel("C_LEVEL").setIndustry("Software"));
      makeHot(kit, "lead-1");
      kit.send(kit.webEvent("lead-1", VIDEO_WATCHED).setContentId("tour"));
      assertThat(last(kit).getStage()).isEqualTo("mql");
      kit.stageChanges();

      kit.deleteProfile("lead-1");
      LeadScore after = last(kit);
      assertThat(after.getProfileKnown()).isFalse();
      assertThat(after.getGrade()).isEqualTo(Grade.D);
      assertThat(kit.stageChanges()).extracting(StageChange::getToStage, StageChange::getCause)
          .containsExactly(tuple("hot", StageChangeCause.PROFILE));
    }
  }

  @Test
  void negativePointsStopAtTheFloorAndAReengagedLeadRequalifies() {
    try (ScoringTestKit kit = ScoringTestKit.withDefaultRules()) {
      kit.send(kit.profile("lead-1").setJobLevel("VP").setIndustry("Software"));
      kit.send(kit.webEvent("lead-1", PAGE_VIEW).setUrl("https://example.com/careers"));
      kit.send(kit.emailEvent("lead-1", UNSUBSCRIBED));
      LeadScore floored = last(kit);
      assertThat(floored.getEngagementScore()).isEqualTo(0.0);
      assertThat(floored.getTopReasons()).extracting(ScoreReason::getKind).contains(ReasonKind.FLOOR);

      makeHot(kit, "lead-1");
      kit.send(kit.webEvent("lead-1", VIDEO_WATCHED).setContentId("tour"));
      LeadScore requalified = last(kit);
      assertThat(requalified.getEngagementScore()).as("debt below the floor is not carried").isEqualTo(110.0);
      assertThat(requalified.getStage()).isEqualTo("mql");
      assertThat(kit.mqlEntries()).hasSize(1);
    }
  }

  @Test
  void everyOutputCarriesTheRulesVersion() {
    try (ScoringTestKit kit = ScoringTestKit.withDefaultRules()) {
      makeHot(kit, "lead-1");
      assertThat(kit.scores()).allSatisfy(s -> assertThat(s.getRulesVersion()).isEqualTo(kit.rules.version()));
      assertThat(kit.stageChanges()).allSatisfy(
          c -> assertThat(c.getSnapshot().getRulesVersion()).isEqualTo(kit.rules.version()));
    }
  }
}
