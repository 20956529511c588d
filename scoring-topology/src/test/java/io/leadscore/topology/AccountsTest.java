package io.leadscore.topology;

import static io.leadscore.avro.WebActivityType.CONTENT_DOWNLOAD;
import static io.leadscore.avro.WebActivityType.FORM_SUBMIT;
import static io.leadscore.avro.WebActivityType.VIDEO_WATCHED;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadscore.avro.AccountLead;
import io.leadscore.avro.AccountScore;
import io.leadscore.avro.AccountStageChange;
import io.leadscore.avro.MqlRouting;
import io.leadscore.avro.RoutingKind;
import io.leadscore.avro.SalesRep;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** Leads rolled up to accounts under the default rules, through the topology the app runs. */
class AccountsTest {

  private static void profile(ScoringTestKit kit, String lead, String domain, String jobLevel) {
    kit.send(kit.profile(lead).setCompanyDomain(domain).setJobLevel(jobLevel).setIndustry("Software")
        .setEmployees(2500));
  }

  private static AccountScore latest(List<TestRecord<String, AccountScore>> records, String domain) {
    return records.stream().filter(r -> r.key().equals(domain)).reduce((a, b) -> b).orElseThrow().value();
  }

  @Test
  void leadsOfOneDomainRollUpToTheTopFiveAndTheirRolesCoverTheBuyingGroup() {
    try (ScoringTestKit kit = ScoringTestKit.withDefaultRules()) {
      profile(kit, "vp", "Acme.com", "VP");
      profile(kit, "director", "www.acme.com", "DIRECTOR");
      profile(kit, "analyst", "acme.com", "INDIVIDUAL_CONTRIBUTOR");
      kit.send(kit.webEvent("vp", FORM_SUBMIT).setFormId("demo-request"));
      kit.send(kit.webEvent("director", VIDEO_WATCHED));
      kit.send(kit.webEvent("analyst", CONTENT_DOWNLOAD));
      assertThat(kit.accountScores()).as("published every 10 s, not per event").isEmpty();
      kit.advanceClock(Duration.ofSeconds(10));

      List<TestRecord<String, AccountScore>> published = kit.accountScores();
      assertThat(published).extracting(TestRecord::key).containsExactly("acme.com");
      AccountScore acme = published.get(0).value();
      assertThat(acme.getLeadCount()).isEqualTo(3);
      assertThat(acme.getLeads()).extracting(AccountLead::getLeadId).containsExactly("vp", "director", "analyst");
      assertThat(acme.getEngagementScore()).as("40 + 30 + 15: all three are among the top five").isEqualTo(85);
      assertThat(acme.getFitScore()).as("a software company of 2,500").isEqualTo(40);
      assertThat(acme.getRolesEngaged()).containsExactly("champion", "decision-maker", "user");
      assertThat(acme.getCoverage()).isEqualTo(1.0);
      assertThat(acme.getStage()).isEqualTo("engaged");
    }
  }

  @Test
  void anMqaFiresOnceAndFreeMailNeverRollsUp() {
    try (ScoringTestKit kit = ScoringTestKit.withDefaultRules()) {
      profile(kit, "vp", "acme.com", "VP");
      profile(kit, "director", "acme.com", "DIRECTOR");
      profile(kit, "gmail-vp", "gmail.com", "VP");
      for (String lead : List.of("vp", "director", "gmail-vp")) {
        kit.send(kit.webEvent(lead, FORM_SUBMIT).setFormId("demo-request"));
        kit.send(kit.webEvent(lead, VIDEO_WATCHED));
      }
      kit.advanceClock(Duration.ofSeconds(10));
      kit.send(kit.webEvent("vp", CONTENT_DOWNLOAD));
      kit.advanceClock(Duration.ofSeconds(10));

      List<AccountStageChange> changes = kit.accountStageChanges();
      assertThat(changes).extracting(AccountStageChange::getDomain, AccountStageChange::getToStage,
              AccountStageChange::getMqa)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("acme.com", "mqa", true));
      assertThat(kit.accountScores()).extracting(TestRecord::key).containsOnly("acme.com");
    }
  }

  @Test
  void anMqaIsRoutedOnceToItsAccountsOwnerElseThroughTheRoutingRules() {
    try (ScoringTestKit kit = ScoringTestKit.withDefaultRules()) {
      kit.send(SalesRep.newBuilder().setRepId("olga").setName("Olga").setTeam("enterprise")
          .setAccounts(List.of("acme.com")).build());
      kit.send(SalesRep.newBuilder().setRepId("sam").setName("Sam").setTeam("inside-sales").build());
      for (String domain : List.of("acme.com", "globex.com")) {
        profile(kit, "vp@" + domain, domain, "VP");
        profile(kit, "director@" + domain, domain, "DIRECTOR");
      }
      for (String domain : List.of("acme.com", "globex.com")) {
        for (String lead : List.of("vp@" + domain, "director@" + domain)) {
          kit.send(kit.webEvent(lead, FORM_SUBMIT).setFormId("demo-request"));
          kit.send(kit.webEvent(lead, VIDEO_WATCHED));
        }
      }
      kit.advanceClock(Duration.ofSeconds(10));
      kit.send(kit.webEvent("vp@acme.com", CONTENT_DOWNLOAD));
      kit.advanceClock(Duration.ofSeconds(10));

      List<MqlRouting> accounts = kit.routings().stream().filter(r -> r.getKind() == RoutingKind.ACCOUNT).toList();
      assertThat(accounts).extracting(MqlRouting::getLeadId, MqlRouting::getRepId, MqlRouting::getRule)
          .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("acme.com", "olga", "account-owner"),
              org.assertj.core.groups.Tuple.tuple("globex.com", "sam", "everyone-else"));
      MqlRouting acme = accounts.stream().filter(r -> r.getLeadId().equals("acme.com")).findFirst().orElseThrow();
      assertThat(acme.getSnapshot()).isNull();
      assertThat(acme.getDueAt()).as("no SLA: the CRM works the account").isNull();
      assertThat(acme.getAccount().getQualified()).isTrue();
      assertThat(acme.getReasons()).anySatisfy(reason -> assertThat(reason).startsWith("Buying group 67% covered"));
    }
  }

  @Test
  void aLeadThatChangesCompanyOrIsMergedLeavesItsAccount() {
    try (ScoringTestKit kit = ScoringTestKit.withDefaultRules()) {
      profile(kit, "lead-1", "acme.com", "VP");
      profile(kit, "lead-2", "acme.com", "MANAGER");
      kit.send(kit.webEvent("lead-1", VIDEO_WATCHED));
      kit.advanceClock(Duration.ofSeconds(10));
      kit.accountScores();

      profile(kit, "lead-1", "globex.com", "VP");
      kit.merge("lead-2", "lead-1");
      kit.advanceClock(Duration.ofSeconds(10));

      List<TestRecord<String, AccountScore>> published = kit.accountScores();
      assertThat(published.stream().filter(r -> r.key().equals("acme.com")).reduce((a, b) -> b).orElseThrow()
          .value()).as("no lead left: a tombstone").isNull();
      assertThat(latest(published, "globex.com").getLeads()).extracting(AccountLead::getLeadId)
          .containsExactly("lead-1");
    }
  }
}
