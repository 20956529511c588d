package io.leadscore.topology;

import static io.leadscore.avro.WebActivityType.FORM_SUBMIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.leadscore.avro.CrmOutcome;
import io.leadscore.avro.CrmOutcomeType;
import io.leadscore.avro.LeadScore;
import io.leadscore.avro.MqlEntry;
import io.leadscore.avro.StageChange;
import io.leadscore.avro.StageChangeCause;
import io.leadscore.avro.StageDirection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What CRM outcomes do to a lead's stage and engagement, through the topology the app runs. */
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
      report(kit, "lead-1", CrmOutcomeType.RECYCLED);
      assertThat(kit.scores()).as("customers are no longer scored").isEmpty();
      assertThat(kit.stageChanges()).isEmpty();
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
