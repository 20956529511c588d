package io.leadscore.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.leadscore.rules.Attributes;
import io.leadscore.rules.RulesLoader;
import io.leadscore.rules.ScoringRules;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EngagementEngineTest {

  private static final long T0 = 1_790_000_000_000L;
  private static final long DAY = Duration.ofDays(1).toMillis();

  private static ScoringRules rules(String decay) {
    return RulesLoader.parse("test", """
        version: t
        engagement:
          floor: 0
          decay: %s
          rules:
            - { id: visit, on: web.page_view, points: 10, cap: { max: 3, per: 1d } }
            - { id: demo, on: web.form_submit, points: 50, frequency: once }
        fit: { grades: { A: 3, B: 2, C: 1 } }
        stages: { levels: [ { id: only, action: none } ] }
        """.formatted(decay));
  }

  private static Activity visit(String id, long time) {
    return new Activity(id, "lead", "web", "page_view", time, Attributes.NONE);
  }

  private static Activity demo(String id, long time) {
    return new Activity(id, "lead", "web", "form_submit", time, Attributes.NONE);
  }

  private static double valueAt(EngagementEngine engine, EngagementLedger ledger, long time) {
    return engine.valueAt(engine.settle(ledger), time).total();
  }

  private static EngagementLedger record(EngagementEngine engine, EngagementLedger ledger, Activity activity) {
    return engine.record(ledger,
        new LedgerEntry(EventIds.hash(activity.eventId()), activity.eventTime(), engine.hits(activity)),
        "cold", (before, through, time) -> before);
  }

  private static DuplicateCheck check(EngagementEngine engine, EngagementLedger ledger, String id, long time) {
    return engine.duplicateCheck(ledger, EventIds.hash(id), time);
  }

  @Test
  void idsAreRememberedForTheDeduplicationWindowAndTheOldestMoveOutPastTheLimit() {
    ScoringRules rules = rules("{ type: none }");
    EngagementEngine engine = new EngagementEngine(rules.engagement(), rules.input());
    long hour = Duration.ofHours(1).toMillis();
    EngagementLedger ledger = EngagementLedger.empty("cold");
    int events = EngagementEngine.MAX_SEEN + 5;
    for (int i = 0; i < events; i++) {
      ledger = engine.spill(record(engine, ledger, visit("v" + i, T0 + i * hour))).ledger();
    }
    assertThat(check(engine, ledger, "v" + (events - 1), T0 + (events - 1) * hour)).as("recent")
        .isEqualTo(DuplicateCheck.DUPLICATE);
    assertThat(check(engine, ledger, "v10", T0 + 10 * hour)).as("seen").isEqualTo(DuplicateCheck.DUPLICATE);
    assertThat(check(engine, ledger, "v0", T0)).as("moved out").isEqualTo(DuplicateCheck.LOOK_UP);
    assertThat(check(engine, ledger, "other", T0 + 30 * hour)).as("spilled ids are older, but within the window")
        .isEqualTo(DuplicateCheck.LOOK_UP);

    EngagementEngine.Spill spill = engine.spill(record(engine, ledger, visit("last", T0 + events * hour)));
    assertThat(spill.spilled()).as("the oldest id goes out as a new one comes in")
        .containsExactly(new SeenEvent(EventIds.hash("v3"), T0 + 3 * hour));

    long weekLater = T0 + events * hour + rules.input().deduplicationWindow().toMillis() + hour;
    ledger = engine.spill(record(engine, spill.ledger(), visit("much-later", weekLater))).ledger();
    assertThat(ledger.seen()).as("past the window, nothing is kept").isEmpty();
    assertThat(ledger.spilledThrough()).isNull();
    assertThat(check(engine, ledger, "v10", T0 + 10 * hour)).isEqualTo(DuplicateCheck.NEW);
  }

  @Test
  void capLimitsScoringOccurrencesPerPeriodAndOnceRulesScoreOnce() {
    ScoringRules rules = rules("{ type: none }");
    EngagementEngine engine = new EngagementEngine(rules.engagement(), rules.input());
    EngagementLedger ledger = EngagementLedger.empty("cold");
    for (int i = 0; i < 5; i++) {
      ledger = record(engine, ledger, visit("v" + i, T0 + i * 1000));
    }
    ledger = record(engine, ledger, demo("d1", T0 + 10_000));
    ledger = record(engine, ledger, demo("d2", T0 + 11_000));
    assertThat(valueAt(engine, ledger, T0 + 20_000)).isEqualTo(30 + 50);
    ledger = record(engine, ledger, visit("next-day", T0 + DAY));
    assertThat(valueAt(engine, ledger, T0 + DAY)).isEqualTo(90);
  }

  @Test
  void exponentialDecayHalvesEveryHalfLife() {
    ScoringRules rules = rules("{ type: exponential, halfLife: 10d }");
    EngagementEngine engine = new EngagementEngine(rules.engagement(), rules.input());
    EngagementLedger ledger = record(engine, EngagementLedger.empty("cold"), demo("d", T0));
    assertThat(valueAt(engine, ledger, T0 + 10 * DAY)).isCloseTo(25, within(1e-9));
    assertThat(valueAt(engine, ledger, T0 + 20 * DAY)).isCloseTo(12.5, within(1e-9));
  }

  @Test
  void linearDecayStartsAfterTheGraceAndStopsAtTheFloor() {
    ScoringRules rules = rules("{ type: linear, points: 5, every: 7d, after: 14d }");
    EngagementEngine engine = new EngagementEngine(rules.engagement(), rules.input());
    EngagementLedger ledger = record(engine, EngagementLedger.empty("cold"), demo("d", T0));
    assertThat(valueAt(engine, ledger, T0 + 14 * DAY)).isEqualTo(50);
    assertThat(valueAt(engine, ledger, T0 + 21 * DAY)).isEqualTo(45);
    assertThat(valueAt(engine, ledger, T0 + 27 * DAY)).as("one full period only").isEqualTo(45);
    assertThat(valueAt(engine, ledger, T0 + 28 * DAY)).isEqualTo(40);
    assertThat(valueAt(engine, ledger, T0 + 400 * DAY)).isEqualTo(0);

    // New activity restarts the grace period; what was lost stays lost.
    ledger = record(engine, ledger, visit("v", T0 + 35 * DAY));
    assertThat(valueAt(engine, ledger, T0 + 48 * DAY)).isEqualTo(35 + 10);
    assertThat(engine.valueAt(engine.settle(ledger), T0 + 48 * DAY).points())
        .containsEntry(EngagementEngine.DECAY, -15.0);
  }

  @Test
  void eventsOlderThanTheReorderWindowAreAddedDecayedByTheirAge() {
    ScoringRules rules = rules("{ type: exponential, halfLife: 1d }");
    EngagementEngine engine = new EngagementEngine(rules.engagement(), rules.input());
    EngagementLedger ledger = record(engine, EngagementLedger.empty("cold"), visit("now", T0 + 2 * DAY));
    ledger = record(engine, ledger, visit("later", T0 + 2 * DAY + 2 * 3_600_000));
    ledger = record(engine, ledger, demo("two-days-late", T0));
    double twoHours = Math.pow(0.5, 2.0 / 24);
    assertThat(valueAt(engine, ledger, T0 + 2 * DAY + 2 * 3_600_000))
        .as("the late event counts as it would have, had it come in order")
        .isCloseTo(10 + (10 + 50 * 0.25) * twoHours, within(1e-6));
  }
}
