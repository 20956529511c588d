package io.leadscore.topology;

import static io.leadscore.avro.WebActivityType.FORM_SUBMIT;
import static io.leadscore.avro.WebActivityType.PAGE_VIEW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.leadscore.avro.CrmOutcome;
import io.leadscore.avro.CrmOutcomeType;
import io.leadscore.avro.MqlRouting;
import io.leadscore.avro.RepStatus;
import io.leadscore.avro.RoutingKind;
import io.leadscore.avro.SalesRep;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/** MQL routing through the topology the app runs: roster topic, routing rules, SLA, CRM outcomes. */
class MqlRoutingTest {

  private static SalesRep rep(String id, String team, int weight) {
    return SalesRep.newBuilder().setRepId(id).setName("Rep " + id).setTeam(team).setWeight(weight).build();
  }

  private static void qualify(ScoringTestKit kit, String lead, String country, String companyDomain) {
    kit.send(kit.profile(lead).setJobLevel("VP").setCountry(country).setCompanyDomain(companyDomain));
    kit.send(kit.webEvent(lead, FORM_SUBMIT).setFormId("demo-request"));
  }

  @Test
  void eachMqlIsRoutedOnceWithTheRuleTheRepAndTheReasons() {
    try (ScoringTestKit kit = ScoringTestKit.withRules("routing.yaml")) {
      kit.send(rep("ana", "latam", 1));
      qualify(kit, "lead-1", "MX", null);
      kit.send(kit.webEvent("lead-1", FORM_SUBMIT).setFormId("demo-request"));

      List<MqlRouting> routings = kit.routings();
      assertThat(routings).hasSize(1);
      MqlRouting routing = routings.get(0);
      assertThat(routing.getKind()).isEqualTo(RoutingKind.ASSIGNED);
      assertThat(routing.getTeam()).isEqualTo("latam");
      assertThat(routing.getRepId()).isEqualTo("ana");
      assertThat(routing.getRepName()).isEqualTo("Rep ana");
      assertThat(routing.getRule()).isEqualTo("mexico");
      assertThat(routing.getReasons()).containsExactly("demo-request (+100)");
      assertThat(routing.getDueAt()).isEqualTo(routing.getRoutedAt().plus(Duration.ofHours(4)));
      assertThat(routing.getSnapshot().getLabel()).isEqualTo("B100");
      assertThat(routing.getProfile().getCountry()).isEqualTo("MX");
    }
  }

  @Test
  void weightedTeamSharesLeadsByWeightAcrossPartitionsOfLeads() {
    try (ScoringTestKit kit = ScoringTestKit.withRules("routing.yaml")) {
      kit.send(rep("ana", "latam", 2));
      kit.send(rep("ben", "latam", 1));
      kit.send(rep("carla", "latam", 1));
      for (int i = 0; i < 40; i++) {
        qualify(kit, "lead-" + i, "MX", null);
      }
      List<MqlRouting> routings = kit.routings();
      Map<String, Long> perRep = routings.stream()
          .collect(Collectors.groupingBy(MqlRouting::getRepId, Collectors.counting()));
      assertThat(perRep).containsOnly(Map.entry("ana", 20L), Map.entry("ben", 10L), Map.entry("carla", 10L));

      KeyValueStore<Long, RoutedMql> recent = kit.driver.getKeyValueStore(LeadscoreStores.RECENT_MQLS);
      MqlRouting last = routings.get(routings.size() - 1);
      assertThat(RecentLog.newest(recent, 100)).as("the API's feed of MQLs, newest first").hasSize(40)
          .first().isEqualTo(new RoutedMql(last.getLeadId(), last.getRoutedAt().toString(), "ASSIGNED", "latam",
              last.getRepId(), "Rep " + last.getRepId(), "mexico", "B100", 1, List.of("demo-request (+100)")));
    }
  }

  @Test
  void interestRoutesToSpecialistsAndNobodyAvailableMeansTheQueue() {
    try (ScoringTestKit kit = ScoringTestKit.withRules("routing.yaml")) {
      kit.send(rep("sam", "specialists", 1));
      kit.send(SalesRep.newBuilder(rep("ana", "latam", 1)).setStatus(RepStatus.AWAY).build());
      kit.send(kit.webEvent("lead-1", PAGE_VIEW).setUrl("https://example.com/product/routing"));
      qualify(kit, "lead-1", "US", null);
      qualify(kit, "lead-2", "MX", null);
      Map<String, MqlRouting> byLead = kit.routings().stream()
          .collect(Collectors.toMap(MqlRouting::getLeadId, Function.identity()));
      assertThat(byLead.get("lead-1").getRepId()).isEqualTo("sam");
      assertThat(byLead.get("lead-1").getRule()).isEqualTo("routing-interest");
      assertThat(byLead.get("lead-2").getKind()).as("ana is away").isEqualTo(RoutingKind.QUEUED);
      assertThat(byLead.get("lead-2").getTeam()).isEqualTo("mql-queue");
      assertThat(byLead.get("lead-2").getRepId()).isNull();
    }
  }

  @Test
  void queuedMqlsAreOfferedAgainOldestFirstWhenARepReturnsAndWhenCapacityResets() {
    try (ScoringTestKit kit = ScoringTestKit.withRules("routing.yaml")) {
      SalesRep ana = SalesRep.newBuilder(rep("ana", "latam", 1)).setCapacity(1).build();
      kit.send(SalesRep.newBuilder(ana).setStatus(RepStatus.AWAY).build());
      qualify(kit, "first", "MX", null);
      kit.advanceClock(Duration.ofMinutes(1));
      qualify(kit, "second", "MX", null);
      qualify(kit, "closed-meanwhile", "MX", null);
      assertThat(kit.routings()).extracting(MqlRouting::getKind).containsOnly(RoutingKind.QUEUED).hasSize(3);
      kit.send(CrmOutcome.newBuilder().setLeadId("closed-meanwhile").setOutcome(CrmOutcomeType.REJECTED)
          .setReportedAt(kit.now()).build());

      kit.send(SalesRep.newBuilder(ana).setStatus(RepStatus.AVAILABLE).build());
      List<MqlRouting> back = kit.routings();
      assertThat(back).as("ana is back, with room for one lead today: the oldest").singleElement()
          .satisfies(routing -> {
            assertThat(routing.getLeadId()).isEqualTo("first");
            assertThat(routing.getKind()).isEqualTo(RoutingKind.ASSIGNED);
            assertThat(routing.getRepId()).isEqualTo("ana");
          });

      kit.send(CrmOutcome.newBuilder().setLeadId("first").setOutcome(CrmOutcomeType.ACCEPTED).setRepId("ana")
          .setReportedAt(kit.now()).build());

      kit.advanceClock(Duration.ofDays(1));
      assertThat(kit.routings()).as("a new capacity period: the next one; the closed lead left the queue")
          .extracting(MqlRouting::getLeadId, MqlRouting::getRepId).containsExactly(tuple("second", "ana"));
      kit.send(CrmOutcome.newBuilder().setLeadId("second").setOutcome(CrmOutcomeType.ACCEPTED).setRepId("ana")
          .setReportedAt(kit.now()).build());
      kit.advanceClock(Duration.ofDays(1));
      assertThat(kit.routings()).as("the queue is empty").isEmpty();
    }
  }

  @Test
  void companyOwnerGetsTheNextLeadFromTheSameCompany() {
    try (ScoringTestKit kit = ScoringTestKit.withRules("routing.yaml")) {
      kit.send(rep("ana", "latam", 1));
      kit.send(rep("ben", "latam", 1));
      qualify(kit, "lead-1", "MX", "globex.mx");
      qualify(kit, "lead-2", "MX", "globex.mx");
      List<MqlRouting> routings = kit.routings();
      assertThat(routings.get(1).getRepId()).isEqualTo(routings.get(0).getRepId());
      assertThat(routings.get(1).getRule()).isEqualTo("account-owner");
    }
  }

  private static CrmOutcome outcome(ScoringTestKit kit, String lead, CrmOutcomeType type) {
    return CrmOutcome.newBuilder().setLeadId(lead).setOutcome(type).setRepId("ana").setReportedAt(kit.now()).build();
  }

  @Test
  void onlyTheFirstOutcomeSinceALeadQualifiedGoesToTheRoutingTask() {
    try (ScoringTestKit kit = ScoringTestKit.withRules("routing.yaml")) {
      kit.send(rep("ana", "latam", 1));
      qualify(kit, "routed", "MX", null);
      kit.send(kit.profile("never-qualified").setCountry("MX"));
      assertThat(kit.routings()).extracting(MqlRouting::getLeadId).containsExactly("routed");

      kit.send(outcome(kit, "never-qualified", CrmOutcomeType.ACCEPTED));
      kit.send(outcome(kit, "routed", CrmOutcomeType.ACCEPTED));
      kit.send(outcome(kit, "routed", CrmOutcomeType.OPPORTUNITY));
      kit.send(outcome(kit, "routed", CrmOutcomeType.WON));

      assertThat(kit.outcomesSentToRouting()).containsExactly("routed");
      assertThat(kit.stageChanges()).as("the later outcomes still act on the lead").last()
          .satisfies(change -> assertThat(change.getToStage()).isEqualTo("customer"));
    }
  }

  @Test
  void noOutcomeWithinTheSlaMovesTheLeadToTheNextRepAndAnOutcomeStopsIt() {
    try (ScoringTestKit kit = ScoringTestKit.withRules("routing.yaml")) {
      kit.send(rep("ana", "latam", 1));
      kit.send(rep("ben", "latam", 1));
      qualify(kit, "slow", "MX", null);
      qualify(kit, "handled", "MX", null);
      List<MqlRouting> first = kit.routings();
      assertThat(first).extracting(MqlRouting::getRepId).containsExactly("ana", "ben");
      kit.send(CrmOutcome.newBuilder().setLeadId("handled").setOutcome(CrmOutcomeType.ACCEPTED).setRepId("ben")
          .setReportedAt(kit.now()).build());

      kit.advanceClock(Duration.ofHours(3));
      assertThat(kit.routings()).isEmpty();
      kit.advanceClock(Duration.ofHours(2));
      List<MqlRouting> reassigned = kit.routings();
      assertThat(reassigned).hasSize(1);
      assertThat(reassigned.get(0).getLeadId()).isEqualTo("slow");
      assertThat(reassigned.get(0).getKind()).isEqualTo(RoutingKind.REASSIGNED);
      assertThat(reassigned.get(0).getRepId()).isEqualTo("ben");
      assertThat(reassigned.get(0).getPreviousReps()).containsExactly("ana");
      assertThat(reassigned.get(0).getAttempt()).isEqualTo(2);

      kit.advanceClock(Duration.ofHours(5));
      List<MqlRouting> queued = kit.routings();
      assertThat(queued).extracting(MqlRouting::getKind).containsExactly(RoutingKind.QUEUED);
      kit.advanceClock(Duration.ofHours(3));
      assertThat(kit.routings()).as("a queued lead has no rep's SLA").isEmpty();
      kit.advanceClock(Duration.ofHours(1));
      assertThat(kit.routings()).as("but the queue's SLA (the routing SLA, 4h, by default) alerts once")
          .singleElement().satisfies(alert -> {
            assertThat(alert.getKind()).isEqualTo(RoutingKind.QUEUE_OVERDUE);
            assertThat(alert.getLeadId()).isEqualTo("slow");
            assertThat(alert.getTeam()).isEqualTo("mql-queue");
            assertThat(alert.getRule()).isEqualTo("queue-sla");
          });
      kit.advanceClock(Duration.ofHours(6));
      assertThat(kit.routings()).as("a new capacity period offers the queue again").singleElement()
          .satisfies(routing -> assertThat(routing.getKind()).isEqualTo(RoutingKind.ASSIGNED));
    }
  }
}
