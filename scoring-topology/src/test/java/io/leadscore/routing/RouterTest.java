package io.leadscore.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadscore.rules.Attributes;
import io.leadscore.rules.Grade;
import io.leadscore.rules.RulesLoader;
import io.leadscore.rules.ScoringRules;
import java.time.Duration;
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
    RouterState state = RouterState.EMPTY;
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 400; i++) {
      Router.Routed routed = router.route(state, lead("l" + i, Map.of("country", "MX"), Grade.B), roster, T0 + i);
      state = routed.state();
      counts.merge(routed.assignment().repId(), 1, Integer::sum);
    }
    assertThat(counts).containsOnly(Map.entry("ana", 200), Map.entry("ben", 100), Map.entry("carla", 100));
  }

  @Test
  void roundRobinIgnoresWeightsAndFirstMatchingRuleWins() {
    List<SalesRep> roster = List.of(rep("dan", "enterprise", 5), rep("eve", "enterprise", 1));
    RouterState state = RouterState.EMPTY;
    StringBuilder order = new StringBuilder();
    for (int i = 0; i < 4; i++) {
      Router.Routed routed = router.route(state, lead("l" + i, Map.of("employees", "9000"), Grade.A), roster, T0);
      state = routed.state();
      assertThat(routed.assignment().via()).isEqualTo("big-a");
      order.append(routed.assignment().repId()).append(' ');
    }
    assertThat(order.toString()).isEqualTo("dan eve dan eve ");
  }

  @Test
  void interestAndGradeConditionsSelectTheTeam() {
    List<SalesRep> roster = List.of(rep("sam", "routing-specialists", 1), rep("dan", "enterprise", 1));
    Router.Routed interested = router.route(RouterState.EMPTY,
        lead("l1", Map.of("employees", "9000"), Grade.A, "routing-page"), roster, T0);
    assertThat(interested.assignment().repId()).isEqualTo("sam");
    Router.Routed gradeB = router.route(RouterState.EMPTY, lead("l2", Map.of("employees", "9000"), Grade.B), roster,
        T0);
    assertThat(gradeB.assignment().queued()).isTrue();
    assertThat(gradeB.assignment().team()).isEqualTo("mql-queue");
    assertThat(gradeB.assignment().via()).isEqualTo(Router.FALLBACK);
  }

  @Test
  void awayRepsAreSkippedAndAFullTeamFallsBackToTheQueue() {
    List<SalesRep> roster = List.of(new SalesRep("ana", "Ana", "latam", 1, null, false, List.of()),
        new SalesRep("ben", "Ben", "latam", 1, 2, true, List.of()));
    RouterState state = RouterState.EMPTY;
    List<String> reps = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Router.Routed routed = router.route(state, lead("l" + i, Map.of("country", "MX"), Grade.B), roster, T0);
      state = routed.state();
      reps.add(routed.assignment().queued() ? "queue" : routed.assignment().repId());
    }
    assertThat(reps).as("ana is away; ben takes two a day").containsExactly("ben", "ben", "queue");

    Router.Routed nextDay = router.route(state, lead("l9", Map.of("country", "MX"), Grade.B), roster,
        T0 + Duration.ofDays(1).toMillis());
    assertThat(nextDay.assignment().repId()).as("capacity is per day").isEqualTo("ben");
  }

  @Test
  void accountOwnerGetsLeadsFromTheirCompanyFirst() {
    List<SalesRep> roster = List.of(new SalesRep("olga", "Olga", "enterprise", 1, null, true, List.of("acme.com")),
        rep("ana", "latam", 1), rep("ben", "latam", 1));
    Router.Routed declared = router.route(RouterState.EMPTY,
        lead("l1", Map.of("country", "MX", "companyDomain", "acme.com"), Grade.B), roster, T0);
    assertThat(declared.assignment().repId()).isEqualTo("olga");
    assertThat(declared.assignment().via()).isEqualTo(Router.ACCOUNT_OWNER);

    Router.Routed first = router.route(RouterState.EMPTY,
        lead("l2", Map.of("country", "MX", "companyDomain", "globex.mx"), Grade.B), roster, T0);
    Router.Routed second = router.route(first.state(),
        lead("l3", Map.of("country", "MX", "companyDomain", "globex.mx"), Grade.B), roster, T0);
    assertThat(second.assignment().repId()).as("the first rep of a company becomes its owner")
        .isEqualTo(first.assignment().repId());
  }

  @Test
  void overdueLeadGoesToTheNextRepAndAnOutcomeStopsTheClock() {
    List<SalesRep> roster = List.of(rep("ana", "latam", 1), rep("ben", "latam", 1));
    Router.Routed routed = router.route(RouterState.EMPTY, lead("l1", Map.of("country", "MX"), Grade.B), roster, T0);
    assertThat(routed.assignment().dueAt()).isEqualTo(T0 + 4 * HOUR);
    assertThat(router.overdue(routed.state(), T0 + 4 * HOUR - 1)).isEmpty();

    Assignment overdue = router.overdue(routed.state(), T0 + 4 * HOUR).get(0);
    Router.Routed reassigned = router.reassign(routed.state(), overdue, roster, T0 + 4 * HOUR);
    assertThat(reassigned.assignment().repId()).isNotEqualTo(routed.assignment().repId());
    assertThat(reassigned.assignment().attempt()).isEqualTo(2);
    assertThat(reassigned.assignment().via()).isEqualTo(Router.SLA_REASSIGNMENT);

    Assignment again = router.overdue(reassigned.state(), T0 + 8 * HOUR).get(0);
    Router.Routed exhausted = router.reassign(reassigned.state(), again, roster, T0 + 8 * HOUR);
    assertThat(exhausted.assignment().queued()).as("both reps had it").isTrue();
    assertThat(router.overdue(exhausted.state(), Long.MAX_VALUE)).isEmpty();

    RouterState closed = router.closed(routed.state(), "l1");
    assertThat(router.overdue(closed, Long.MAX_VALUE)).isEmpty();
  }
}
