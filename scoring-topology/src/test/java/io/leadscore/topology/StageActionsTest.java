package io.leadscore.topology;

import static io.leadscore.avro.WebActivityType.PAGE_VIEW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.leadscore.avro.ActionKind;
import io.leadscore.avro.LeadAction;
import io.leadscore.avro.SalesRep;
import io.leadscore.avro.WebinarActivityType;
import io.leadscore.rules.InvalidRulesException;
import io.leadscore.rules.RulesLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Entering a stage that acts publishes one action record on leadscore.actions: an alert or a campaign. */
class StageActionsTest {

  private static void warm(ScoringTestKit kit, String lead) {
    kit.send(kit.webinarEvent(lead, WebinarActivityType.ATTENDED));
  }

  private static void pricing(ScoringTestKit kit, String lead) {
    kit.send(kit.webEvent(lead, PAGE_VIEW).setUrl("https://example.com/pricing"));
  }

  @Test
  void aLeadTurningHotAlertsItsAccountsOwnerElseTheTeamTheRoutingRulesPickElseTheQueue() {
    try (ScoringTestKit kit = ScoringTestKit.withRules("actions.yaml")) {
      kit.send(SalesRep.newBuilder().setRepId("ana").setName("Ana Lima").setTeam("latam").setWeight(1)
          .setAccounts(List.of("acme.mx")).build());
      kit.send(kit.profile("owned").setJobLevel("VP").setCountry("US").setCompanyDomain("acme.mx"));
      kit.send(kit.profile("mexican").setCountry("MX").setCompanyDomain("globex.mx"));
      kit.send(kit.profile("elsewhere").setCountry("FR"));
      for (String lead : List.of("owned", "mexican", "elsewhere")) {
        warm(kit, lead);
        pricing(kit, lead);
      }
      List<LeadAction> actions = kit.actions();
      assertThat(actions).filteredOn(a -> a.getKind() == ActionKind.ALERT)
          .extracting(LeadAction::getLeadId, LeadAction::getTeam, LeadAction::getRepId, LeadAction::getRepName,
              LeadAction::getRule, LeadAction::getStage, LeadAction::getFromStage)
          .containsExactlyInAnyOrder(
              tuple("owned", "latam", "ana", "Ana Lima", "account-owner", "hot", "warm"),
              tuple("mexican", "latam", null, null, "mexico", "hot", "warm"),
              tuple("elsewhere", "mql-queue", null, null, "fallback", "hot", "warm"));
      LeadAction owned = actions.stream().filter(a -> a.getLeadId().equals("owned")
          && a.getKind() == ActionKind.ALERT).findFirst().orElseThrow();
      assertThat(owned.getAction()).isEqualTo("call the lead today");
      assertThat(owned.getProfile().getCompanyDomain()).isEqualTo("acme.mx");
      assertThat(owned.getSnapshot().getScore()).isEqualTo(65.0);
      assertThat(owned.getInterests()).containsExactly("pricing-page", "webinar");
      assertThat(kit.routings()).as("an alert assigns no one").isEmpty();
    }
  }

  @Test
  void eachEntryFromBelowActsOnceAndNoMore() {
    try (ScoringTestKit kit = ScoringTestKit.withRules("actions.yaml")) {
      kit.send(kit.profile("lead-1").setCountry("MX"));
      warm(kit, "lead-1");
      assertThat(kit.actions()).extracting(LeadAction::getKind, LeadAction::getCampaign, LeadAction::getStage)
          .containsExactly(tuple(ActionKind.CAMPAIGN, "warm-offer", "warm"));
      pricing(kit, "lead-1");
      pricing(kit, "lead-1");
      assertThat(kit.actions()).as("one alert for the entry into hot, none for staying").extracting(
          LeadAction::getKind).containsExactly(ActionKind.ALERT);

      kit.send(kit.webEvent("lead-1", PAGE_VIEW).setUrl("https://example.com/careers"));
      kit.send(kit.webEvent("lead-1", PAGE_VIEW).setUrl("https://example.com/careers"));
      assertThat(kit.latestScores().get("lead-1").getStage()).isEqualTo("lead");
      assertThat(kit.actions()).as("moving down into warm starts no campaign").isEmpty();
      pricing(kit, "lead-1");
      pricing(kit, "lead-1");
      assertThat(kit.actions()).as("entering warm and hot again acts again")
          .extracting(LeadAction::getKind, LeadAction::getStage)
          .containsExactly(tuple(ActionKind.CAMPAIGN, "warm"), tuple(ActionKind.ALERT, "hot"));
    }
  }

  @Test
  void aStageCanAlertATeamItNamesWithoutTheRouter() throws IOException {
    String yaml;
    try (var in = StageActionsTest.class.getResourceAsStream("/rules/actions.yaml")) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try (ScoringTestKit kit = new ScoringTestKit(RulesLoader.parse("actions.yaml",
        yaml.replace("alert: owner", "alert: inside-sales")))) {
      kit.send(kit.profile("lead-1").setCountry("MX"));
      warm(kit, "lead-1");
      pricing(kit, "lead-1");
      assertThat(kit.actions()).filteredOn(a -> a.getKind() == ActionKind.ALERT)
          .extracting(LeadAction::getTeam, LeadAction::getRule, LeadAction::getAlertTo)
          .containsExactly(tuple("inside-sales", "stage", "inside-sales"));
    }
    assertThatThrownBy(() -> RulesLoader.parse("actions.yaml", yaml.replace("campaign: warm-offer",
        "campaign: warm-offer, alert: owner"))).isInstanceOf(InvalidRulesException.class)
        .hasMessageContaining("either alerts or starts a campaign");
  }
}
