package io.leadscore.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.leadscore.rules.Attributes;
import io.leadscore.rules.RulesLoader;
import io.leadscore.rules.ScoringRules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Randomised checks of the scoring functions, each seed a different history. */
class LeadScoringPropertiesTest {

  private static final long T0 = 1_790_000_000_000L;
  private static final String[] PATHS = {"/", "/pricing", "/pricing/team", "/careers", "/product/x", "/blog"};
  private static final String[][] KINDS = {
      {"web", "page_view"}, {"web", "content_download"}, {"web", "video_watched"}, {"web", "form_submit"},
      {"email", "opened"}, {"email", "clicked"}, {"email", "unsubscribed"}, {"email", "bounced"},
      {"webinar", "attended"}, {"webinar", "registered"}};

  private final ScoringRules rules = RulesLoader.loadDefault();
  private final LeadScoring scoring = new LeadScoring(rules);

  private static List<Activity> randomHistory(Random random, int count, Duration span) {
    List<Activity> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String[] kind = KINDS[random.nextInt(KINDS.length)];
      Map<String, String> attributes = Map.of(
          "path", PATHS[random.nextInt(PATHS.length)],
          "formId", random.nextBoolean() ? "demo-request" : "contact",
          "answer.purchase_this_quarter", random.nextBoolean() ? "yes" : "no",
          "minutesAttended", String.valueOf(random.nextInt(60)));
      long time = T0 + (long) (random.nextDouble() * span.toMillis());
      events.add(new Activity("e" + i, "lead", kind[0], kind[1], time, new Attributes(attributes)));
    }
    return events;
  }

  private static Attributes randomProfile(Random random) {
    String[] levels = {"C_LEVEL", "VP", "MANAGER", "STUDENT", "INDIVIDUAL_CONTRIBUTOR"};
    String[] industries = {"Software", "Education", "Retail"};
    return new Attributes(Map.of(
        "jobLevel", levels[random.nextInt(levels.length)],
        "industry", industries[random.nextInt(industries.length)],
        "employees", String.valueOf(random.nextInt(20_000)),
        "country", random.nextBoolean() ? "MX" : "KP"));
  }

  private LeadState replay(List<Activity> events, Attributes profile) {
    LeadState state = scoring.refit(scoring.newLead(), profile);
    for (Activity event : events) {
      state = scoring.onActivity("lead", state, event).map(Scored::state).orElse(state);
    }
    return state;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
  void anyArrivalOrderWithinTheReorderWindowGivesTheSameScore(int seed) {
    Random random = new Random(seed);
    List<Activity> events = randomHistory(random, 40, rules.input().reorderWindow().minusMinutes(1));
    Attributes profile = randomProfile(random);
    long later = T0 + Duration.ofDays(3).toMillis();

    List<Activity> sorted = new ArrayList<>(events);
    sorted.sort(Comparator.comparingLong(Activity::eventTime).thenComparing(Activity::eventId));
    double inOrder = scoring.onDecayDue("lead", replay(sorted, profile), later).card().score();
    Collections.shuffle(events, random);
    double shuffled = scoring.onDecayDue("lead", replay(events, profile), later).card().score();
    assertThat(shuffled).isCloseTo(inOrder, within(1e-6));
  }

  @ParameterizedTest
  @ValueSource(ints = {11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
  void reasonsSumToTheScoreAndFitReasonsToTheFitScore(int seed) {
    Random random = new Random(seed);
    for (ScoringRules someRules : List.of(rules, mexicoRules())) {
      LeadScoring someScoring = new LeadScoring(someRules);
      Attributes profile = randomProfile(random);
      LeadState state = someScoring.refit(someScoring.newLead(), profile);
      for (Activity event : randomHistory(random, 60, Duration.ofDays(40))) {
        state = someScoring.onActivity("lead", state, event).map(Scored::state).orElse(state);
      }
      ScoreCard card = someScoring.onDecayDue("lead", state, T0 + Duration.ofDays(45).toMillis()).card();
      assertThat(card.reasons().stream().mapToDouble(Reason::points).sum()).isCloseTo(card.score(), within(1e-6));
      assertThat(card.fitReasons().stream().mapToDouble(Reason::points).sum()).isCloseTo(card.fit(), within(1e-9));
      assertThat(card.engagement()).isGreaterThanOrEqualTo(someRules.engagement().floor());
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {21, 22, 23, 24, 25, 26, 27, 28, 29, 30})
  void decayIsDueExactlyWhenTheScoreCrossesTheStageExit(int seed) {
    Random random = new Random(seed);
    for (ScoringRules someRules : List.of(rules, totalRules(), linearRules())) {
      LeadScoring someScoring = new LeadScoring(someRules);
      Attributes profile = randomProfile(random);
      LeadState state = someScoring.refit(someScoring.newLead(), profile);
      for (Activity event : randomHistory(random, 30, Duration.ofHours(2))) {
        state = someScoring.onActivity("lead", state, event).map(Scored::state).orElse(state);
      }
      Scored now = someScoring.onDecayDue("lead", state, state.evaluatedAt());
      Long due = now.state().decayDueAt();
      if (due == null) {
        Double exit = now.card().stage().exit();
        if (exit != null) {
          assertThat(someScoring.onDecayDue("lead", now.state(),
              state.evaluatedAt() + LeadScoring.DECAY_HORIZON_MS).card().score())
              .as("%s: no decay takes it below its exit, %s", someRules.version(), exit).isGreaterThanOrEqualTo(exit);
        }
        continue;
      }
      double exit = now.card().stage().exit();
      assertThat(someScoring.onDecayDue("lead", now.state(), due - 1_000).card().score())
          .as(someRules.version()).isGreaterThanOrEqualTo(exit);
      Scored atDue = someScoring.onDecayDue("lead", now.state(), due);
      assertThat(atDue.card().score()).as(someRules.version()).isLessThan(exit);
      assertThat(atDue.transition()).hasValueSatisfying(t -> assertThat(t.up()).isFalse());
    }
  }

  /** Stages on engagement plus fit, with modifiers: what decay must take below the exit is the engagement alone. */
  private static ScoringRules totalRules() {
    return RulesLoader.parse("total", """
        version: total-basis
        engagement:
          decay: { type: exponential, halfLife: 15d }
          rules:
            - { id: opened, on: email.opened, points: 10 }
            - { id: visit, on: web.*, points: 6.5 }
            - { id: unsubscribed, on: email.unsubscribed, points: -20 }
        fit:
          grades: { A: 50, B: 25, C: 10 }
          rules:
            - { id: vp, when: { jobLevel: VP }, points: 25 }
            - { id: software, when: { industry: Software }, points: 12.5 }
        modifiers:
          - { id: software-boost, when: { industry: Software }, factor: 1.25 }
          - { id: sanctioned, when: { country: KP }, factor: 0.5 }
        stages:
          basis: total
          levels:
            - { id: low, action: wait }
            - { id: mid, entry: 40, exit: 30, action: nurture }
            - { id: high, entry: 90, exit: 70, action: call }
        """);
  }

  private static ScoringRules linearRules() {
    return RulesLoader.parse("linear", """
        version: linear-decay
        engagement:
          floor: 5
          decay: { type: linear, points: 3.5, every: 1d, after: 2d }
          rules:
            - { id: opened, on: email.opened, points: 12.5 }
            - { id: visit, on: web.*, points: 7 }
            - { id: unsubscribed, on: email.unsubscribed, points: -15 }
        fit:
          grades: { A: 90, B: 60, C: 10 }
          rules:
            - { id: vp, when: { jobLevel: VP }, points: 60 }
        modifiers:
          - { id: software, when: { industry: Software }, factor: 1.2 }
        stages:
          levels:
            - { id: cold, action: wait }
            - { id: warm, entry: 30, exit: 20, action: nurture }
            - { id: hot, entry: 60, exit: 45, action: call }
        """);
  }

  private static ScoringRules mexicoRules() {
    return RulesLoader.parse("mexico-with-decay", """
        version: mexico-decay
        engagement:
          decay: { type: exponential, halfLife: 10d }
          rules:
            - { id: opened, on: email.opened, points: 10 }
            - { id: visit, on: web.*, points: 3 }
            - { id: unsubscribed, on: email.unsubscribed, points: -40 }
        fit:
          grades: { A: 90, B: 60, C: 10 }
          rules:
            - { id: mexico, when: { country: MX }, points: 90 }
        modifiers:
          - { id: capital, when: { country: MX }, factor: 0.7 }
          - { id: software, when: { industry: Software }, factor: 1.3 }
        stages:
          basis: total
          levels:
            - { id: low, action: wait }
            - { id: high, entry: 60, exit: 50, action: call }
        """);
  }
}
