package io.leadscore.topology;

import static io.leadscore.avro.WebActivityType.CONTENT_DOWNLOAD;
import static io.leadscore.avro.WebActivityType.FORM_SUBMIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.leadscore.avro.LeadScore;
import io.leadscore.avro.MqlEntry;
import io.leadscore.avro.MqlRouting;
import io.leadscore.avro.PromotedLead;
import io.leadscore.avro.StageChange;
import io.leadscore.avro.StageChangeCause;
import io.leadscore.avro.StageDirection;
import io.leadscore.rules.RulesLoader;
import io.leadscore.rules.ScoringRules;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The promoted app taking its leads over: each lead's score is published under the promoted version, a lead whose
 * stage differs from the live one gets one stage change with cause RULES, a new MQL is announced and routed, and
 * nothing acts on a rules switch.
 */
class PromotionTest {

  private static final ScoringRules RULES = RulesLoader.loadDefault();
  private static final Instant PROMOTED = ScoringTestKit.START.plusSeconds(3600);

  private static PromotedLead promoted(String lead, String liveStage, boolean liveQualified, Instant at) {
    return PromotedLead.newBuilder().setLeadId(lead).setVersion(RULES.version()).setPromotedAt(at)
        .setLiveStage(liveStage).setLiveQualified(liveQualified).build();
  }

  /** An A-grade lead with {@code demos} demo requests (40 points each) and {@code downloads} documents (15 each). */
  private static void engage(ScoringTestKit kit, String lead, int demos, int downloads) {
    kit.send(kit.profile(lead).setJobLevel("VP").setIndustry("Software").setEmployees(800).setCountry("US"));
    for (int i = 0; i < demos; i++) {
      kit.send(kit.webEvent(lead, FORM_SUBMIT).setFormId("demo-request"));
    }
    for (int i = 0; i < downloads; i++) {
      kit.send(kit.webEvent(lead, CONTENT_DOWNLOAD).setContentId("doc-" + i));
    }
  }

  @Test
  void leadsWhoseStageDiffersGetOneRulesChangeAndNewMqlsAreRouted() {
    try (ScoringTestKit kit = new ScoringTestKit(RULES,
        Deployment.live(new Promotion(RULES.version(), PROMOTED)))) {
      engage(kit, "lead-hot", 2, 0);
      engage(kit, "lead-mql", 3, 0);
      engage(kit, "lead-was-mql", 2, 0);
      engage(kit, "lead-same", 0, 2);
      kit.stageChanges();
      kit.mqlEntries();
      kit.routings();
      kit.actions();
      kit.scores();

      kit.send(promoted("lead-hot", "warm", false, PROMOTED));
      kit.send(promoted("lead-mql", "hot", false, PROMOTED));
      kit.send(promoted("lead-was-mql", "mql", true, PROMOTED));
      kit.send(promoted("lead-same", "warm", false, PROMOTED));
      kit.send(promoted("lead-never-scored", "hot", false, PROMOTED));
      kit.send(promoted("lead-hot", "cold", false, PROMOTED.minusSeconds(60)));

      assertThat(kit.stageChanges())
          .extracting(StageChange::getLeadId, StageChange::getFromStage, StageChange::getToStage,
              StageChange::getDirection, StageChange::getCause)
          .containsExactly(
              tuple("lead-hot", "warm", "hot", StageDirection.UP, StageChangeCause.RULES),
              tuple("lead-mql", "hot", "mql", StageDirection.UP, StageChangeCause.RULES),
              tuple("lead-was-mql", "mql", "hot", StageDirection.DOWN, StageChangeCause.RULES));
      assertThat(kit.mqlEntries()).extracting(MqlEntry::getLeadId, MqlEntry::getCause)
          .containsExactly(tuple("lead-mql", StageChangeCause.RULES));
      assertThat(kit.routings()).extracting(MqlRouting::getLeadId).containsExactly("lead-mql");
      assertThat(kit.actions()).as("a rules switch alerts no one, though hot alerts the owner").isEmpty();
      assertThat(kit.scores()).as("every lead taken over is published under the promoted version")
          .extracting(LeadScore::getLeadId, LeadScore::getRulesVersion)
          .containsExactly(tuple("lead-hot", RULES.version()), tuple("lead-mql", RULES.version()),
              tuple("lead-was-mql", RULES.version()), tuple("lead-same", RULES.version()));
    }
  }

  @Test
  void anAppThatNoPromotionStartedIgnoresPromotionRecords() {
    try (ScoringTestKit kit = ScoringTestKit.withDefaultRules()) {
      engage(kit, "lead-hot", 2, 0);
      kit.stageChanges();
      kit.scores();
      kit.send(promoted("lead-hot", "warm", false, PROMOTED));
      assertThat(kit.stageChanges()).isEmpty();
      assertThat(kit.scores()).isEmpty();
    }
  }
}
