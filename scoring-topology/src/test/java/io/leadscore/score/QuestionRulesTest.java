package io.leadscore.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.leadscore.rules.Attributes;
import io.leadscore.rules.RulesLoader;
import io.leadscore.rules.ScoringRules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A form question scores the lead's latest answer in event time; a new answer replaces the old one and its points. */
class QuestionRulesTest {

  private static final long T0 = 1_790_000_000_000L;
  private static final long MINUTE = Duration.ofMinutes(1).toMillis();
  private static final long HOUR = Duration.ofHours(1).toMillis();

  private static final ScoringRules RULES = RulesLoader.parse("test", """
      version: questions
      engagement:
        decay: { type: exponential, halfLife: 30d }
        rules:
          - id: purchase
            description: Plans to purchase this quarter
            on: web.form_submit
            question: answer.purchase_this_quarter
            answers: { "yes": 20, "no": 5 }
          - { id: visit, on: web.page_view, points: 1 }
      fit: { grades: { A: 3, B: 2, C: 1 } }
      stages:
        levels:
          - { id: cold, action: nurture }
          - { id: warm, entry: 15, exit: 10, action: call }
      """);

  private final LeadScoring scoring = new LeadScoring(RULES);

  private static Activity answer(String id, String answer, long time) {
    return new Activity(id, "lead", "web", "form_submit", time,
        new Attributes(Map.of("answer.purchase_this_quarter", answer)));
  }

  private static Activity visit(String id, long time) {
    return new Activity(id, "lead", "web", "page_view", time, Attributes.NONE);
  }

  private LeadState send(LeadState state, Activity... activities) {
    for (Activity activity : activities) {
      state = scoring.onActivity("lead", state, activity).map(Scored::state).orElse(state);
    }
    return state;
  }

  private Reason reason(LeadState state, long at) {
    return scoring.explain("lead", state, at).reasons().stream().filter(r -> r.ruleId().equals("purchase"))
        .findFirst().orElseThrow();
  }

  @Test
  void aLaterAnswerReplacesTheEarlierOneWithItsPointsAndItsExplanation() {
    LeadState yes = send(scoring.newLead(), answer("a1", "Yes", T0));
    assertThat(reason(yes, T0).points()).isEqualTo(20.0);
    assertThat(reason(yes, T0).description()).isEqualTo("Plans to purchase this quarter: yes");

    LeadState no = send(yes, answer("a2", "no", T0 + MINUTE));
    assertThat(scoring.explain("lead", no, T0 + MINUTE).engagement()).isEqualTo(5.0);
    assertThat(reason(no, T0 + MINUTE).description()).isEqualTo("Plans to purchase this quarter: no");

    assertThat(send(no, answer("a3", "maybe", T0 + 2 * MINUTE))).as("an answer the rule does not know scores nothing")
        .isEqualTo(no);
  }

  @Test
  void theLatestAnswerInEventTimeCountsWhateverTheArrivalOrder() {
    LeadState inOrder = send(scoring.newLead(), answer("a1", "yes", T0), answer("a2", "no", T0 + 10 * MINUTE));
    LeadState reversed = send(scoring.newLead(), answer("a2", "no", T0 + 10 * MINUTE), answer("a1", "yes", T0));
    long at = T0 + HOUR;
    assertThat(scoring.explain("lead", reversed, at).score()).isEqualTo(scoring.explain("lead", inOrder, at).score())
        .isEqualTo(5.0);
  }

  @Test
  void anAnswerOlderThanTheOneInForceChangesNothingEvenBeyondTheReorderWindow() {
    long later = T0 + 3 * HOUR;
    // The "no" and the visits after it fold into the checkpoint: the reorder window is an hour.
    LeadState state = send(scoring.newLead(), answer("a2", "no", T0 + HOUR), visit("v1", later),
        visit("v2", later + 2 * HOUR));
    double before = scoring.explain("lead", state, later + 3 * HOUR).engagement();

    LeadState late = send(state, answer("a1", "yes", T0));
    assertThat(scoring.explain("lead", late, later + 3 * HOUR).engagement()).isEqualTo(before);
    assertThat(reason(late, later + 3 * HOUR).description()).endsWith(": no");

    LeadState newer = send(state, answer("a3", "yes", T0 + 2 * HOUR));
    assertThat(reason(newer, later + 3 * HOUR).description()).as("late, but newer than the answer in force")
        .endsWith(": yes");
    assertThat(reason(newer, later + 3 * HOUR).points()).isGreaterThan(19.0).isLessThan(20.0);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
  void everyOrderWithinTheReorderWindowGivesTheSameScore(int seed) {
    Random random = new Random(seed);
    List<Activity> events = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      long time = T0 + i * 5 * MINUTE;
      events.add(random.nextBoolean() ? answer("e" + i, random.nextBoolean() ? "yes" : "no", time)
          : visit("e" + i, time));
    }
    LeadState inOrder = send(scoring.newLead(), events.toArray(Activity[]::new));
    List<Activity> shuffled = new ArrayList<>(events);
    Collections.shuffle(shuffled, random);
    LeadState reordered = send(scoring.newLead(), shuffled.toArray(Activity[]::new));
    long at = T0 + HOUR;
    assertThat(scoring.explain("lead", reordered, at).score())
        .isCloseTo(scoring.explain("lead", inOrder, at).score(), within(1e-9));
  }
}
