package io.leadscore.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadscore.rules.AccountRules;
import io.leadscore.rules.AccountRules.AccountStage;
import io.leadscore.rules.AccountRules.BuyingGroup;
import io.leadscore.rules.Decay;
import io.leadscore.rules.DecayType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccountScoringTest {

  private static final long DAY = Duration.ofDays(1).toMillis();
  private static final long NOW = 1_790_000_000_000L;
  private static final Decay NO_DECAY = Decay.NONE;
  private static final BuyingGroup GROUP = new BuyingGroup("jobLevel",
      Map.of("decision-maker", List.of("VP"), "champion", List.of("DIRECTOR"), "user", List.of("ANALYST")),
      List.of("decision-maker", "champion", "user"), Duration.ofDays(30));
  private static final List<AccountStage> STAGES = List.of(
      new AccountStage("unaware", null, null, null, null, null, "ads"),
      new AccountStage("engaged", null, 50.0, 40.0, null, null, "nurture"),
      new AccountStage("mqa", null, 100.0, 80.0, true, 0.66, "to the owner"));

  private static AccountScoring scoring(AccountRules.Engagement engagement, Decay decay) {
    return new AccountScoring(new AccountRules(null, engagement, null, GROUP, STAGES, null), decay, 0);
  }

  private static AccountState threeLeads() {
    return AccountState.NEW
        .withLead("vp", new LeadPart(60, NOW, NOW, "decision-maker"))
        .withLead("director", new LeadPart(30, NOW, NOW - 40 * DAY, "champion"))
        .withLead("analyst", new LeadPart(20, NOW, NOW - DAY, "user"));
  }

  @Test
  void threeLeadsRollUpBySumAndByTopN() {
    AccountCard sum = scoring(new AccountRules.Engagement("sum", null), NO_DECAY)
        .evaluate("acme.com", threeLeads(), NOW).card();
    assertThat(sum.engagement()).isEqualTo(110);
    AccountCard top = scoring(new AccountRules.Engagement("top", 2), NO_DECAY)
        .evaluate("acme.com", threeLeads(), NOW).card();
    assertThat(top.engagement()).isEqualTo(90);
    assertThat(top.leads()).extracting(AccountCard.Contributor::leadId, AccountCard.Contributor::counted)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("vp", true),
            org.assertj.core.groups.Tuple.tuple("director", true),
            org.assertj.core.groups.Tuple.tuple("analyst", false));
  }

  @Test
  void coverageCountsTheRolesEngagedWithinTheWindow() {
    AccountCard card = scoring(new AccountRules.Engagement("sum", null), NO_DECAY)
        .evaluate("acme.com", threeLeads(), NOW).card();
    assertThat(card.rolesEngaged()).containsExactly("decision-maker", "user");
    assertThat(card.rolesMissing()).as("the director was last active 40 days ago").containsExactly("champion");
    assertThat(card.coverage()).isEqualTo(2.0 / 3);
  }

  @Test
  void anMqaFiresOnceOnEntryAndAgainOnlyAfterLeaving() {
    AccountScoring scoring = scoring(new AccountRules.Engagement("sum", null), NO_DECAY);
    AccountScoring.Evaluation first = scoring.evaluate("acme.com", threeLeads(), NOW);
    assertThat(first.transition()).hasValueSatisfying(t -> {
      assertThat(t.to().id()).isEqualTo("mqa");
      assertThat(t.mqa()).isTrue();
    });
    AccountState more = first.state().withLead("vp", new LeadPart(70, NOW, NOW, "decision-maker"));
    AccountScoring.Evaluation again = scoring.evaluate("acme.com", more, NOW);
    assertThat(again.transition()).as("still an MQA: no second one").isEmpty();

    AccountState fewer = again.state().withLead("vp", null);
    AccountScoring.Evaluation down = scoring.evaluate("acme.com", fewer, NOW);
    assertThat(down.transition()).hasValueSatisfying(t -> {
      assertThat(t.to().id()).isEqualTo("engaged");
      assertThat(t.mqa()).isFalse();
    });
    AccountScoring.Evaluation back = scoring.evaluate("acme.com",
        down.state().withLead("vp", new LeadPart(70, NOW, NOW, "decision-maker")), NOW);
    assertThat(back.transition()).hasValueSatisfying(t -> assertThat(t.mqa()).isTrue());
  }

  @Test
  void decayIsFoundForTheMomentTheAccountLeavesItsStage() {
    Decay halfLife = new Decay(DecayType.EXPONENTIAL, Duration.ofDays(30), null, null, null, null);
    AccountScoring scoring = scoring(new AccountRules.Engagement("sum", null), halfLife);
    AccountState engaged = AccountState.NEW.withLead("vp", new LeadPart(80, NOW, NOW, "decision-maker"));
    AccountScoring.Evaluation evaluation = scoring.evaluate("acme.com", engaged, NOW);
    assertThat(evaluation.card().stage().id()).isEqualTo("engaged");
    // 80 halves to 40, engaged's exit, after 30 days; scores show hundredths, so 39.995 still reads 40 for 8 minutes.
    assertThat(evaluation.state().decayDueAt()).isBetween(NOW + 30 * DAY, NOW + 30 * DAY + 10 * 60_000);
  }
}
