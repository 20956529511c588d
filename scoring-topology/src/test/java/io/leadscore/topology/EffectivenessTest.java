package io.leadscore.topology;

import static io.leadscore.avro.CrmOutcomeType.ACCEPTED;
import static io.leadscore.avro.CrmOutcomeType.LOST;
import static io.leadscore.avro.CrmOutcomeType.OPPORTUNITY;
import static io.leadscore.avro.CrmOutcomeType.RECYCLED;
import static io.leadscore.avro.CrmOutcomeType.REJECTED;
import static io.leadscore.avro.CrmOutcomeType.WON;
import static io.leadscore.avro.WebActivityType.FORM_SUBMIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.leadscore.api.EffectivenessReport;
import io.leadscore.avro.CrmOutcome;
import io.leadscore.avro.CrmOutcomeType;
import io.leadscore.avro.EmailActivityType;
import io.leadscore.avro.WebinarActivityType;
import io.leadscore.lifecycle.Cohort;
import io.leadscore.lifecycle.EngagementBands;
import io.leadscore.lifecycle.SalesStatus;
import io.leadscore.lifecycle.Tally;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/** MQLs and conversions per cohort, counted by the topology, against a table worked out by hand. */
class EffectivenessTest {

  /** An outcome {@code after} the lead qualified. */
  private record Step(CrmOutcomeType outcome, Duration after) {
  }

  private static Step at(CrmOutcomeType outcome, long hours) {
    return new Step(outcome, Duration.ofHours(hours));
  }

  private int leads;

  /** {@code count} leads of one profile and way of qualifying, each then taking {@code fate}. */
  private void leads(ScoringTestKit kit, int count, String jobLevel, Consumer<String> qualify, Step... fate) {
    for (int i = 0; i < count; i++) {
      String lead = "lead-" + ++leads;
      kit.send(kit.profile(lead).setJobLevel(jobLevel));
      qualify.accept(lead);
      for (Step step : fate) {
        kit.send(CrmOutcome.newBuilder().setLeadId(lead).setOutcome(step.outcome())
            .setReportedAt(kit.now().plus(step.after())).build());
      }
    }
  }

  @Test
  void countsFiftyMqlsAndTheirConversionsPerCohortAsWorkedOutByHand() {
    try (ScoringTestKit kit = ScoringTestKit.withRules("effectiveness.yaml")) {
      Consumer<String> demo = lead -> kit.send(kit.webEvent(lead, FORM_SUBMIT).setFormId("demo-request"));
      Consumer<String> webinar = lead -> kit.send(kit.webinarEvent(lead, WebinarActivityType.ATTENDED));
      Consumer<String> emailThenWebinar = lead -> {
        kit.send(kit.emailEvent(lead, EmailActivityType.CLICKED));
        webinar.accept(lead);
      };
      Consumer<String> twoEmails = lead -> {
        kit.send(kit.emailEvent(lead, EmailActivityType.CLICKED));
        kit.send(kit.emailEvent(lead, EmailActivityType.CLICKED));
      };
      // Grade A, 100 points from a demo request (band 1), on the web.
      leads(kit, 4, "C_LEVEL", demo, at(ACCEPTED, 2), at(OPPORTUNITY, 24), at(WON, 240));
      leads(kit, 3, "C_LEVEL", demo, at(ACCEPTED, 2), at(OPPORTUNITY, 48), at(LOST, 480));
      leads(kit, 2, "C_LEVEL", demo, at(REJECTED, 4));
      leads(kit, 1, "C_LEVEL", demo);
      // Grade B, 160 points from a webinar (band 2); three taken straight to an opportunity.
      leads(kit, 3, "VP", webinar, at(OPPORTUNITY, 6), at(WON, 126));
      leads(kit, 6, "VP", webinar, at(ACCEPTED, 1), at(RECYCLED, 720));
      leads(kit, 6, "VP", webinar);
      // Grade D, 60 + 160 points (band 3), qualified by the webinar, its top interest.
      leads(kit, 1, "INDIVIDUAL_CONTRIBUTOR", emailThenWebinar, at(ACCEPTED, 8));
      leads(kit, 9, "INDIVIDUAL_CONTRIBUTOR", emailThenWebinar, at(REJECTED, 1));
      // Grade C, 120 points from two emails (band 1).
      leads(kit, 2, "MANAGER", twoEmails, at(ACCEPTED, 3), at(OPPORTUNITY, 72));
      leads(kit, 3, "MANAGER", twoEmails, at(ACCEPTED, 3));
      leads(kit, 10, "MANAGER", twoEmails);
      // Not an MQL: sales took it up before it qualified.
      kit.send(CrmOutcome.newBuilder().setLeadId("found-by-sales").setOutcome(ACCEPTED).setReportedAt(kit.now())
          .build());
      assertThat(leads).isEqualTo(50);
      assertThat(kit.deadLetters()).isEmpty();

      EffectivenessReport report = EffectivenessReport.of(tallies(kit),
          new EngagementBands(kit.rules.lifecycle().engagementBands()), cohort -> true);
      List<String> counts = report.csv().lines().map(line -> String.join(",", List.of(line.split(",", -1))
          .subList(0, 10))).toList();
      assertThat(counts).containsExactly(
          "rules_version,dimension,value,mqls,sal,sql,won,lost,rejected,recycled",
          "effectiveness-test,all,,50,22,12,7,3,11,6",
          "effectiveness-test,grade,A,10,7,7,4,3,2,0",
          "effectiveness-test,grade,B,15,9,3,3,0,0,6",
          "effectiveness-test,grade,C,15,5,2,0,0,0,0",
          "effectiveness-test,grade,D,10,1,0,0,0,9,0",
          "effectiveness-test,band,1,25,12,9,4,3,2,0",
          "effectiveness-test,band,2,15,9,3,3,0,0,6",
          "effectiveness-test,band,3,10,1,0,0,0,9,0",
          "effectiveness-test,grade-band,A1,10,7,7,4,3,2,0",
          "effectiveness-test,grade-band,B2,15,9,3,3,0,0,6",
          "effectiveness-test,grade-band,C1,15,5,2,0,0,0,0",
          "effectiveness-test,grade-band,D3,10,1,0,0,0,9,0",
          "effectiveness-test,interest,demo-request,10,7,7,4,3,2,0",
          "effectiveness-test,interest,pricing-email,15,5,2,0,0,0,0",
          "effectiveness-test,interest,webinar,25,10,3,3,0,9,6",
          "effectiveness-test,channel,email,15,5,2,0,0,0,0",
          "effectiveness-test,channel,web,10,7,7,4,3,2,0",
          "effectiveness-test,channel,webinar,25,10,3,3,0,9,6");

      assertThat(report.csv().lines()).as("the README's example").contains(
          "effectiveness-test,grade,A,10,7,7,4,3,2,0,0.7000,0.7000,0.4000,7362,84432,878209,1738795,14577,");

      EffectivenessReport.Row all = report.rows().get(0);
      assertThat(all.rate()).containsEntry(SalesStatus.SAL, 0.44).containsEntry(SalesStatus.SQL, 0.24)
          .containsEntry(SalesStatus.WON, 0.14);
      // To SAL: 1h six times, 2h seven times, then 3h, 6h, 8h: the 11th and 12th of 22 are 2h. To won: 126h three
      // times, 240h four times.
      assertThat(all.medianSecondsSinceQualified().get(SalesStatus.SAL)).isCloseTo(7_200L, within(180L));
      assertThat(all.medianSecondsSinceQualified().get(SalesStatus.WON)).isCloseTo(864_000L, within(21_600L));
      assertThat(report.bands()).extracting(EffectivenessReport.Band::engagement)
          .containsExactly("below 100", "100–150", "150–200", "200+");
    }
  }

  @Test
  void eachRulesVersionCountsItsOwnMqlsSoVersionsCanBeCompared() {
    try (ScoringTestKit kit = ScoringTestKit.withRules("effectiveness.yaml")) {
      leads(kit, 2, "VP", lead -> kit.send(kit.webEvent(lead, FORM_SUBMIT).setFormId("demo-request")),
          at(ACCEPTED, 1));
    }
    try (ScoringTestKit kit = ScoringTestKit.withRules("routing.yaml")) {
      leads(kit, 3, "VP", lead -> kit.send(kit.webEvent(lead, FORM_SUBMIT).setFormId("demo-request")),
          at(REJECTED, 1));
      Map<Cohort, Tally> tallies = tallies(kit);
      assertThat(tallies).containsOnlyKeys(
          new Cohort("routing-test", Cohort.ALL, ""), new Cohort("routing-test", Cohort.GRADE, "B"),
          new Cohort("routing-test", Cohort.BAND, "1"), new Cohort("routing-test", Cohort.GRADE_BAND, "B1"),
          new Cohort("routing-test", Cohort.INTEREST, "demo-request"),
          new Cohort("routing-test", Cohort.CHANNEL, "web"));
      assertThat(tallies.get(new Cohort("routing-test", Cohort.ALL, "")).count(SalesStatus.REJECTED)).isEqualTo(3);
    }
  }

  private static Map<Cohort, Tally> tallies(ScoringTestKit kit) {
    KeyValueStore<Cohort, Tally> store = kit.driver.getKeyValueStore(LeadscoreStores.EFFECTIVENESS);
    Map<Cohort, Tally> tallies = new HashMap<>();
    store.all().forEachRemaining(entry -> tallies.put(entry.key, entry.value));
    return tallies;
  }
}
