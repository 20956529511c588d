package io.leadscore.topology;

import static io.leadscore.avro.WebActivityType.FORM_SUBMIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.leadscore.avro.CrmOutcome;
import io.leadscore.avro.CrmOutcomeType;
import io.leadscore.avro.EmailActivityType;
import io.leadscore.avro.Grade;
import io.leadscore.avro.LeadLifecycle;
import io.leadscore.avro.LeadScore;
import io.leadscore.avro.MqlEntry;
import io.leadscore.avro.QualificationSnapshot;
import io.leadscore.avro.SalesStatus;
import io.leadscore.avro.StageChange;
import io.leadscore.avro.StageChangeCause;
import io.leadscore.avro.StageDirection;
import io.leadscore.avro.StatusTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What CRM outcomes do to a lead's sales status, stage and engagement, through the topology the app runs. */
class LeadLifecycleOutcomeTest {

  private static void qualify(ScoringTestKit kit, String lead) {
    kit.send(kit.profile(lead).setJobLevel("VP"));
    kit.send(kit.webEvent(lead, FORM_SUBMIT).setFormId("demo-request"));
  }

  private static void report(ScoringTestKit kit, String lead, CrmOutcomeType outcome) {
    kit.send(CrmOutcome.newBuilder().setLeadId(lead).setOutcome(outcome).setReportedAt(kit.now()).build());
  }

  private static LeadScore last(ScoringTestKit kit) {
    List<LeadScore> scores = kit.scores();
    assertThat(scores).isNotEmpty();
    return scores.get(scores.size() - 1);
  }

  @Test
  void recycledLeadDropsWithEngagementResetAndRequalifiesLater() {
    try (ScoringTestKit kit = ScoringTestKit.withRules("routing.yaml")) {
      qualify(kit, "lead-1");
      assertThat(kit.mqlEntries()).hasSize(1);
      kit.stageChanges();

      report(kit, "lead-1", CrmOutcomeType.RECYCLED);
      assertThat(kit.stageChanges()).extracting(StageChange::getFromStage, StageChange::getToStage,
          StageChange::getDirection, StageChange::getCause)
          .containsExactly(tuple("mql", "lead", StageDirection.DOWN, StageChangeCause.CRM));
      assertThat(last(kit).getEngagementScore()).isEqualTo(0.0);

      kit.send(kit.webEvent("lead-1", FORM_SUBMIT).setFormId("demo-request"));
      List<MqlEntry> again = kit.mqlEntries();
      assertThat(again).as("a recycled lead can requalify").hasSize(1);
      assertThat(again.get(0).getSnapshot().getEngagementScore()).isEqualTo(100.0);
    }
  }

  @Test
  void rejectedLeadKeepsTheShareOfEngagementTheRulesSay() {
    try (ScoringTestKit kit = ScoringTestKit.withRules("routing.yaml")) {
      qualify(kit, "lead-1");
      report(kit, "lead-1", CrmOutcomeType.REJECTED);
      LeadScore score = last(kit);
      assertThat(score.getStage()).isEqualTo("lead");
      assertThat(score.getEngagementScore()).isEqualTo(50.0);
    }
  }

  @Test
  void wonLeadBecomesACustomerAndLeavesScoring() {
    try (ScoringTestKit kit = ScoringTestKit.withRules("routing.yaml")) {
      qualify(kit, "lead-1");
      kit.stageChanges();
      kit.scores();

      report(kit, "lead-1", CrmOutcomeType.WON);
      assertThat(kit.stageChanges()).extracting(StageChange::getToStage, StageChange::getCause)
          .containsExactly(tuple("customer", StageChangeCause.CRM));
      assertThat(last(kit).getStage()).isEqualTo("customer");

      kit.send(kit.webEvent("lead-1", FORM_SUBMIT).setFormId("demo-request"));
      assertThat(kit.scores()).as("customers are no longer scored").isEmpty();
      assertThat(kit.stageChanges()).isEmpty();
    }
  }

  @Test
  void aWonLeadRejectedLaterIsDeadLetteredWithTheReasonAndStaysWon() {
    try (ScoringTestKit kit = ScoringTestKit.withRules("routing.yaml")) {
      qualify(kit, "lead-1");
      report(kit, "lead-1", CrmOutcomeType.WON);
      Instant wonAt = kit.now();
      kit.lifecycle();
      kit.scores();
      kit.stageChanges();

      kit.advanceClock(Duration.ofDays(3));
      report(kit, "lead-1", CrmOutcomeType.REJECTED);
      assertThat(kit.deadLetters()).extracting(DeadLetterTest::reason).containsExactly(
          "CRM outcome REJECTED refused: sales status WON cannot become REJECTED: it is a customer since " + wonAt);
      assertThat(kit.lifecycle()).isEmpty();
      assertThat(kit.scores()).isEmpty();
      assertThat(kit.stageChanges()).isEmpty();
    }
  }

  @Test
  void everyStatusIsPublishedWithTheTimeSpentInTheOnesBeforeAndTheLeadAtQualification() {
    try (ScoringTestKit kit = ScoringTestKit.withRules("routing.yaml")) {
      Instant qualifiedAt = kit.now();
      qualify(kit, "lead-1");
      kit.advanceClock(Duration.ofHours(2));
      report(kit, "lead-1", CrmOutcomeType.ACCEPTED);
      kit.advanceClock(Duration.ofDays(1));
      report(kit, "lead-1", CrmOutcomeType.OPPORTUNITY);
      kit.advanceClock(Duration.ofDays(10));
      kit.send(CrmOutcome.newBuilder().setLeadId("lead-1").setOutcome(CrmOutcomeType.WON).setRepId("ana")
          .setNote("signed").setReportedAt(kit.now()).build());

      List<LeadLifecycle> statuses = kit.lifecycle();
      assertThat(statuses).extracting(LeadLifecycle::getPreviousStatus, LeadLifecycle::getStatus,
          LeadLifecycle::getCycle, LeadLifecycle::getQualifiedAt).containsExactly(
          tuple(SalesStatus.PROSPECT, SalesStatus.MQL, 1, qualifiedAt),
          tuple(SalesStatus.MQL, SalesStatus.SAL, 1, qualifiedAt),
          tuple(SalesStatus.SAL, SalesStatus.SQL, 1, qualifiedAt),
          tuple(SalesStatus.SQL, SalesStatus.WON, 1, qualifiedAt));
      LeadLifecycle won = statuses.get(3);
      assertThat(won.getChangedAt()).isEqualTo(qualifiedAt.plus(Duration.ofDays(11).plusHours(2)));
      assertThat(won.getTimeInStatus()).extracting(StatusTime::getStatus, StatusTime::getMillis).containsExactly(
          tuple(SalesStatus.MQL, Duration.ofHours(2).toMillis()),
          tuple(SalesStatus.SAL, Duration.ofDays(1).toMillis()),
          tuple(SalesStatus.SQL, Duration.ofDays(10).toMillis()));
      assertThat(won.getRepId()).isEqualTo("ana");
      assertThat(won.getNote()).isEqualTo("signed");
      QualificationSnapshot cohort = won.getQualification();
      assertThat(cohort.getGrade()).isEqualTo(Grade.B);
      assertThat(cohort.getEngagementScore()).isEqualTo(100.0);
      assertThat(cohort.getRulesVersion()).isEqualTo("routing-test");
      assertThat(cohort.getTopInterest()).isEqualTo("demo-request");
      assertThat(cohort.getChannel()).isEqualTo("web");
    }
  }

  @Test
  void anOutcomeThatWouldMoveTheStatusBackIsDeadLettered() {
    try (ScoringTestKit kit = ScoringTestKit.withRules("routing.yaml")) {
      qualify(kit, "lead-1");
      report(kit, "lead-1", CrmOutcomeType.OPPORTUNITY);
      report(kit, "lead-1", CrmOutcomeType.ACCEPTED);
      report(kit, "lead-1", CrmOutcomeType.RECYCLED);
      assertThat(kit.deadLetters()).extracting(DeadLetterTest::reason).containsExactly(
          "CRM outcome ACCEPTED refused: sales status SQL cannot become SAL: an opportunity is open, and statuses "
              + "never move back",
          "CRM outcome RECYCLED refused: sales status SQL cannot become RECYCLED: an opportunity is open: report it "
              + "won or lost");
      assertThat(kit.lifecycle()).extracting(LeadLifecycle::getStatus)
          .as("an MQL taken straight to an opportunity").containsExactly(SalesStatus.MQL, SalesStatus.SQL);
    }
  }

  @Test
  void anOutcomeTheCrmSendsTwiceIsAppliedOnce() {
    try (ScoringTestKit kit = ScoringTestKit.withRules("routing.yaml")) {
      qualify(kit, "lead-1");
      report(kit, "lead-1", CrmOutcomeType.REJECTED);
      report(kit, "lead-1", CrmOutcomeType.REJECTED);
      assertThat(last(kit).getEngagementScore()).as("halved once, not twice").isEqualTo(50.0);
      assertThat(kit.lifecycle()).extracting(LeadLifecycle::getStatus)
          .containsExactly(SalesStatus.MQL, SalesStatus.REJECTED);
      assertThat(kit.deadLetters()).isEmpty();
    }
  }

  @Test
  void aLeadHandedBackThatQualifiesAgainBeginsItsNextCycle() {
    try (ScoringTestKit kit = ScoringTestKit.withRules("routing.yaml")) {
      qualify(kit, "lead-1");
      report(kit, "lead-1", CrmOutcomeType.RECYCLED);
      kit.advanceClock(Duration.ofDays(5));
      kit.send(kit.emailEvent("lead-1", EmailActivityType.CLICKED));
      kit.send(kit.webEvent("lead-1", FORM_SUBMIT).setFormId("demo-request"));
      assertThat(kit.lifecycle()).extracting(LeadLifecycle::getPreviousStatus, LeadLifecycle::getStatus,
          LeadLifecycle::getCycle).containsExactly(
          tuple(SalesStatus.PROSPECT, SalesStatus.MQL, 1),
          tuple(SalesStatus.MQL, SalesStatus.RECYCLED, 1),
          tuple(SalesStatus.RECYCLED, SalesStatus.MQL, 2));
    }
  }

  @Test
  void acceptedAndOpportunityLeaveTheStageAsItIs() {
    try (ScoringTestKit kit = ScoringTestKit.withRules("routing.yaml")) {
      qualify(kit, "lead-1");
      kit.stageChanges();
      kit.scores();
      report(kit, "lead-1", CrmOutcomeType.ACCEPTED);
      report(kit, "lead-1", CrmOutcomeType.OPPORTUNITY);
      assertThat(kit.stageChanges()).isEmpty();
      assertThat(kit.scores()).isEmpty();
    }
  }
}
