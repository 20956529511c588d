package io.leadscore.score;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadscore.rules.Decay;
import io.leadscore.rules.DecayType;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DecayCrossingTest {

  private static final long LAST = 1_790_000_000_000L;
  private static final long DAY = Duration.ofDays(1).toMillis();

  @Test
  void exponentialDecayHalvesEveryHalfLife() {
    Decay halving = new Decay(DecayType.EXPONENTIAL, Duration.ofDays(30), null, null, null, null);
    DecayCrossing crossing = DecayCrossing.of(halving, 0, LAST, 100, 0, 1, 3, 50);
    assertThat(crossing.estimate()).isEqualTo(LAST + 30 * DAY);
    assertThat(crossing.halfWidth()).as("rounding of five terms near 50 points: minutes, not days")
        .isBetween(1_000L, Duration.ofHours(2).toMillis());
    assertThat(DecayCrossing.of(halving, 0, LAST, 100, 0, 1, 3, 12.5).estimate()).isEqualTo(LAST + 90 * DAY);
  }

  @Test
  void fitPointsAndModifiersShiftWhatTheEngagementMustFallTo() {
    Decay halving = new Decay(DecayType.EXPONENTIAL, Duration.ofDays(10), null, null, null, null);
    // (E + 20) * 0.5 < 30 once E < 40: from 80, one half-life.
    assertThat(DecayCrossing.of(halving, 0, LAST, 80, 20, 0.5, 4, 30).estimate()).isEqualTo(LAST + 10 * DAY);
  }

  @Test
  void linearDecayCrossesAtTheEndOfAPeriod() {
    Decay linear = new Decay(DecayType.LINEAR, null, 10.0, Duration.ofDays(1), Duration.ofDays(7), null);
    // 100 points lose 10 a day after a week: 50 after five days still holds, 40 after six does not.
    assertThat(DecayCrossing.of(linear, 0, LAST, 100, 0, 1, 2, 50).estimate()).isEqualTo(LAST + 13 * DAY);
  }

  @Test
  void noEstimateWhenTheFloorKeepsTheScoreUpOrItIsAlreadyBelow() {
    Decay halving = new Decay(DecayType.EXPONENTIAL, Duration.ofDays(30), null, null, null, null);
    assertThat(DecayCrossing.of(halving, 60, LAST, 100, 0, 1, 2, 50)).isNull();
    assertThat(DecayCrossing.of(halving, 0, LAST, 40, 0, 1, 2, 50)).isNull();
  }
}
