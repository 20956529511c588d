package io.leadscore.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadscore.rules.Attributes;
import io.leadscore.rules.Grade;
import io.leadscore.rules.RulesLoader;
import io.leadscore.rules.ScoringRules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouterTest {

  private static final long T0 = 1_790_000_000_000L;
  private static final long HOUR = Duration.ofHours(1).toMillis();

  private static final ScoringRules RULES = RulesLoader.parse("routing", """
      version: routing-test
      engagement:
        rules:
          - { id: routing-page, on: web.page_view, when: { path: "/product/routing*" }, points: 5 }
      fit: { grades: { A: 3, B: 2, C: 1 } }
      stages: { levels: [ { id: only, action: none } ] }
      routing:
        sla: 4h
        capacityPeriod: 1d
        fallbackQueue: mql-queue
        teams: { latam: weighted, enterprise: round_robin }
        rules:
          - { id: mexico, when: { country: MX }, team: latam }
          - { id: routing-interest, interestedIn: [routing-page], team: routing-specialists }
          - { id: big-a, when: { employees: { min: 5000 } }, grades: [A], team: enterprise }
      """);

  private final Router router = new Router(RULES.routing());

  private static Qualified lead(String id, Map<String, String> profile, Grade grade, String... interests) {
    return new Qualified(id, new Attributes(profile), grade, Set.of(interests), profile.get("companyDomain"));
  }

  private static SalesRep rep(String id, String team, int weight) {
    return new SalesRep(id, id, team, weight, null, true, List.of());
  }

  @Test
  void weightedRotationShares400LeadsTwoToOneToOne() {
    List<SalesRep> roster = List.of(rep("ana", "latam", 2), rep("ben", "latam", 1), rep("carla", "latam", 1));
    RoutingMemory memory = new InMemoryRoutingMemory();
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 400; i++) {
      Assignment routed = router.route(memory, lead("l" + i, Map.of("country", "MX"), Grade.B), roster, T0 + i);
      counts.merge(routed.repId(), 1, Integer::sum);
    }
    assertThat(counts).containsOnly(Map.entry("ana", 200), Map.entry("ben", 100), Map.entry("carla", 100));
  }

  @Test
  void roundRobinIgnoresWeightsAndFirstMatchingRuleWins() {
    List<SalesRep> roster = List.of(rep("dan", "enterprise", 5), rep("eve", "enterprise", 1));
    RoutingMemory memory = new InMemoryRoutingMemory();
    StringBuilder order = new StringBuilder();
    for (int i = 0; i < 4; i++) {
      Assignment routed = router.route(memory, lead("l" + i, Map.of("employees", "9000"), Grade.A), roster, T0);
      assertThat(routed.via()).isEqualTo("big-a");
      order.append(routed.repId()).append(' ');
    }
    assertThat(order.toString()).isEqualTo("dan eve dan eve ");
  }

  @Test
  void interestAndGradeConditionsSelectTheTeam() {
    List<SalesRep> roster = List.of(rep("sam", "routing-specialists", 1), rep("dan", "enterprise", 1));
    Assignment interested = router.route(new InMemoryRoutingMemory(),
        lead("l1", Map.of("employees", "9000"), Grade.A, "routing-page"), roster, T0);
    assertThat(interested.repId()).isEqualTo("sam");
    Assignment gradeB = router.route(new InMemoryRoutingMemory(), lead("l2", Map.of("employees", "9000"), Grade.B),
        roster, T0);
    assertThat(gradeB.queued()).isTrue();
    assertThat(gradeB.team()).isEqualTo("mql-queue");
    assertThat(gradeB.via()).isEqualTo(Router.FALLBACK);
  }

  @Test
  void awayRepsAreSkippedAndAFullTeamFallsBackToTheQueue() {
    List<SalesRep> roster = List.of(new SalesRep("ana", "Ana", "latam", 1, null, false, List.of()),
        new SalesRep("ben", "Ben", "latam", 1, 2, true, List.of()));
    RoutingMemory memory = new InMemoryRoutingMemory();
    List<String> reps = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Assignment routed = router.route(memory, lead("l" + i, Map.of("country", "MX"), Grade.B), roster, T0);
      reps.add(routed.queued() ? "queue" : routed.repId());
    }
    assertThat(reps).as("ana is away; ben takes two a day").containsExactly("ben", "ben", "queue");

    Assignment nextDay = router.route(memory, lead("l9", Map.of("country", "MX"), Grade.B), roster,
        T0 + Duration.ofDays(1).toMillis());
    assertThat(nextDay.repId()).as("capacity is per day").isEqualTo("ben");
  }

  @Test
  void accountOwnerGetsLeadsFromTheirCompanyFirst() {
    List<SalesRep> roster = List.of(new SalesRep("olga", "Olga", "enterprise", 1, null, true, List.of("acme.com")),
        rep("ana", "latam", 1), rep("ben", "latam", 1));
    Assignment declared = router.route(new InMemoryRoutingMemory(),
        lead("l1", Map.of("country", "MX", "companyDomain", "acme.com"), Grade.B), roster, T0);
    assertThat(declared.repId()).isEqualTo("olga");
    assertThat(declared.via()).isEqualTo(Router.ACCOUNT_OWNER);

    RoutingMemory memory = new InMemoryRoutingMemory();
    Assignment first = router.route(memory,
        lead("l2", Map.of("country", "MX", "companyDomain", "globex.mx"), Grade.B), roster, T0);
    Assignment second = router.route(memory,
        lead("l3", Map.of("country", "MX", "companyDomain", "globex.mx"), Grade.B), roster, T0);
    assertThat(second.repId()).as("the first rep of a company becomes its owner").isEqualTo(first.repId());
    assertThat(second.via()).isEqualTo(Router.ACCOUNT_OWNER);
  }

  @Test
  void overdueLeadGoesToTheNextRepAndAnOutcomeStopsTheClock() {
    List<SalesRep> roster = List.of(rep("ana", "latam", 1), rep("ben", "latam", 1));
    RoutingMemory memory = new InMemoryRoutingMemory();
    Assignment routed = router.route(memory, lead("l1", Map.of("country", "MX"), Grade.B), roster, T0);
    assertThat(routed.dueAt()).isEqualTo(T0 + 4 * HOUR);
    assertThat(router.reassign(memory, "l1", roster, T0 + 4 * HOUR - 1)).as("not due yet").isEmpty();

    Assignment reassigned = router.reassign(memory, "l1", roster, T0 + 4 * HOUR).orElseThrow();
    assertThat(reassigned.repId()).isNotEqualTo(routed.repId());
    assertThat(reassigned.attempt()).isEqualTo(2);
    assertThat(reassigned.via()).isEqualTo(Router.SLA_REASSIGNMENT);

    Assignment exhausted = router.reassign(memory, "l1", roster, T0 + 8 * HOUR).orElseThrow();
    assertThat(exhausted.queued()).as("both reps had it").isTrue();
    assertThat(exhausted.tried()).containsExactlyInAnyOrder("ana", "ben");
    assertThat(memory.open("l1")).isEmpty();

    RoutingMemory other = new InMemoryRoutingMemory();
    router.route(other, lead("l2", Map.of("country", "MX"), Grade.B), roster, T0);
    router.closed(other, "l2");
    assertThat(router.reassign(other, "l2", roster, Long.MAX_VALUE)).as("an outcome stops the clock").isEmpty();
  }
}
