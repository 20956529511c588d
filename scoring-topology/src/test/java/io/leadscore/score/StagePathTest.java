package io.leadscore.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.leadscore.rules.Attributes;
import io.leadscore.rules.RulesLoader;
import io.leadscore.rules.ScoringRules;
import io.leadscore.score.StageTransition.Cause;
import io.leadscore.serde.LeadStateSerde;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Stages that do not depend on arrival order: within the reorder window a lead ends in the stage in-order arrival
 * gives, and a change that arrival order made wrongly is corrected with the cause REORDER.
 */
class StagePathTest {

  private static final long T0 = 1_790_000_000_000L;
  private static final long MINUTE = 60_000;

  private final ScoringRules rules = RulesLoader.loadDefault();
  private final LeadScoring scoring = new LeadScoring(rules);

  private static Activity download(String id, long time) {
    return new Activity(id, "lead", "web", "content_download", time, Attributes.NONE);
  }

  /** A page view (+5) of the careers page (-10, once): -5 in all. */
  private static Activity careers(String id, long time) {
    return new Activity(id, "lead", "web", "page_view", time, new Attributes(Map.of("path", "/careers")));
  }

  private record Run(LeadState state, List<StageTransition> transitions) {

    String stage() {
      return state.stage();
    }

    List<StageTransition> qualifications() {
      return transitions.stream().filter(StageTransition::qualifies).toList();
    }
  }

  private Run arrive(LeadState start, List<Activity> arrivals) {
    LeadState state = start;
    List<StageTransition> transitions = new ArrayList<>();
    for (Activity activity : arrivals) {
      var scored = scoring.onActivity("lead", state, activity);
      if (scored.isPresent()) {
        state = scored.get().state();
        scored.get().transition().ifPresent(transitions::add);
      }
    }
    return new Run(state, transitions);
  }

  private double scoreOf(Run run) {
    return scoring.explain("lead", run.state(), run.state().evaluatedAt()).score();
  }

  @Test
  void twoDownloadsAndTheCareersPageEndWarmWhicheverArrivesFirst() {
    Activity first = download("d1", T0);
    Activity second = download("d2", T0 + 10 * MINUTE);
    Activity careers = careers("c", T0 + 20 * MINUTE);

    Run inOrder = arrive(scoring.newLead(), List.of(first, second, careers));
    assertThat(inOrder.stage()).isEqualTo("warm");
    assertThat(inOrder.transitions()).extracting(t -> t.to().id(), StageTransition::cause)
        .containsExactly(tuple("warm", Cause.ACTIVITY));

    Run careersFirst = arrive(scoring.newLead(), List.of(careers, first, second));
    assertThat(careersFirst.stage()).isEqualTo("warm");
    // 15 + 15 - 5, less twenty minutes of a 30-day half-life.
    assertThat(scoreOf(careersFirst)).isEqualTo(scoreOf(inOrder)).isCloseTo(25.0, within(0.02));
    // Hysteresis alone would have kept the lead cold at 25: its path in event order went through 30.
    assertThat(careersFirst.transitions()).extracting(t -> t.from().id(), t -> t.to().id(), StageTransition::cause)
        .containsExactly(tuple("cold", "warm", Cause.REORDER));
  }

  @Test
  void aStageChangeThatArrivalOrderMadeWronglyIsCorrected() {
    Activity first = download("d1", T0);
    Activity careers = careers("c", T0 + 10 * MINUTE);
    Activity second = download("d2", T0 + 20 * MINUTE);

    // In event order the score goes 15, 10, 25: never warm.
    assertThat(arrive(scoring.newLead(), List.of(first, careers, second)).transitions()).isEmpty();

    Run careersLast = arrive(scoring.newLead(), List.of(first, second, careers));
    assertThat(careersLast.stage()).isEqualTo("cold");
    assertThat(careersLast.transitions())
        .extracting(t -> t.from().id(), t -> t.to().id(), StageTransition::up, StageTransition::cause)
        .containsExactly(tuple("cold", "warm", true, Cause.ACTIVITY), tuple("warm", "cold", false, Cause.REORDER));
  }

  @Test
  void theStagePathSurvivesTheStore() {
    Run careersLast = arrive(scoring.newLead(), List.of(download("d1", T0), download("d2", T0 + 20 * MINUTE)));
    LeadStateSerde serde = new LeadStateSerde();
    LeadState stored = serde.deserializer().deserialize("t", serde.serializer().serialize("t", careersLast.state()));
    assertThat(stored.engagement().checkpointStage()).isEqualTo("cold");
    assertThat(stored.engagement().recent()).extracting(LedgerEntry::stage).containsExactly("cold", "warm");

    Run corrected = arrive(stored, List.of(careers("c", T0 + 10 * MINUTE)));
    assertThat(corrected.stage()).isEqualTo("cold");
    assertThat(corrected.transitions()).extracting(StageTransition::cause).containsExactly(Cause.REORDER);
  }

  /**
   * Every permutation of short histories within the reorder window: the final stage, the score and whether the lead
   * ends an announced MQL are those of in-order arrival, for leads of every grade.
   */
  @Test
  void everyArrivalOrderWithinTheWindowEndsInTheStageOfEventOrder() {
    int corrected = 0;
    for (int seed = 1; seed <= 20; seed++) {
      Random random = new Random(seed);
      LeadState start = scoring.refit(scoring.newLead(), profile(random));
      List<Activity> history = history(random, 6, rules.input().reorderWindow().minusMinutes(1));
      List<Activity> sorted = new ArrayList<>(history);
      sorted.sort(Comparator.comparingLong(Activity::eventTime));
      Run inOrder = arrive(start, sorted);
      for (List<Activity> arrivals : permutations(history)) {
        Run run = arrive(start, arrivals);
        assertThat(run.stage()).as("seed %d, stage after %s", seed, ids(arrivals)).isEqualTo(inOrder.stage());
        assertThat(scoreOf(run)).as("seed %d, score after %s", seed, ids(arrivals)).isEqualTo(scoreOf(inOrder));
        assertThat(announcedMql(run)).as("seed %d, MQL after %s", seed, ids(arrivals))
            .isEqualTo(announcedMql(inOrder));
        if (run.transitions().stream().anyMatch(t -> t.cause() == Cause.REORDER)) {
          corrected++;
        }
      }
    }
    assertThat(corrected).as("arrival orders whose stage a late event corrected").isGreaterThan(100);
  }

  /** Whether the lead's last word on qualification was that it qualified: corrections out of MQL take it back. */
  private static boolean announcedMql(Run run) {
    boolean mql = false;
    for (StageTransition transition : run.transitions()) {
      if (transition.qualifies()) {
        mql = true;
      } else if (transition.from().qualified() && !transition.to().qualified()) {
        mql = false;
      }
    }
    return mql && run.state().stage().equals("mql");
  }

  private static List<String> ids(List<Activity> arrivals) {
    return arrivals.stream().map(Activity::eventId).toList();
  }

  private static List<List<Activity>> permutations(List<Activity> items) {
    if (items.size() <= 1) {
      return List.of(items);
    }
    List<List<Activity>> all = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      List<Activity> rest = new ArrayList<>(items);
      Activity head = rest.remove(i);
      for (List<Activity> tail : permutations(rest)) {
        List<Activity> one = new ArrayList<>(List.of(head));
        one.addAll(tail);
        all.add(one);
      }
    }
    return all;
  }

  /** Activity that moves a lead across stage thresholds both ways: big gains and the one-off losses. */
  private static List<Activity> history(Random random, int count, Duration span) {
    String[][] kinds = {
        {"web", "content_download", "/"}, {"web", "video_watched", "/"}, {"web", "page_view", "/careers"},
        {"web", "page_view", "/pricing"}, {"email", "unsubscribed", "/"}, {"webinar", "attended", "/"},
        {"web", "form_submit", "/"}};
    List<Activity> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String[] kind = kinds[random.nextInt(kinds.length)];
      Map<String, String> attributes = Map.of("path", kind[2], "minutesAttended", "45",
          "formId", random.nextBoolean() ? "demo-request" : "contact",
          "answer.purchase_this_quarter", random.nextBoolean() ? "yes" : "no");
      long time = T0 + i * (span.toMillis() / count) + random.nextInt(1000);
      events.add(new Activity("e" + i, "lead", kind[0], kind[1], time, new Attributes(attributes)));
    }
    return events;
  }

  private static Attributes profile(Random random) {
    String[] levels = {"C_LEVEL", "VP", "MANAGER", "STUDENT"};
    return new Attributes(Map.of("jobLevel", levels[random.nextInt(levels.length)], "industry", "Software",
        "employees", "800", "country", "US"));
  }
}
