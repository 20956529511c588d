package io.leadscore.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TallyTest {

  @Test
  void aMedianIsWithinTwoAndAHalfPercentFromASecondToYears() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 10_000; i++) {
      long millis = 1_000 + random.nextLong(100L * 365 * 24 * 3_600_000);
      long median = new Tally(null, null).with(new Milestone(SalesStatus.SAL, millis))
          .medianSinceQualifiedMillis(SalesStatus.SAL);
      assertThat((double) median).as("%d ms", millis).isCloseTo(millis, within(millis * 0.025));
    }
  }

  @Test
  void partsMergedByAddingEqualTheWhole() {
    Tally whole = Tally.NONE;
    Tally odd = Tally.NONE;
    Tally even = Tally.NONE;
    for (int hours = 1; hours <= 9; hours++) {
      Milestone milestone = new Milestone(SalesStatus.SQL, hours * 3_600_000L);
      whole = whole.with(milestone).with(new Milestone(SalesStatus.MQL, 0));
      if (hours % 2 == 0) {
        even = even.with(milestone).with(new Milestone(SalesStatus.MQL, 0));
      } else {
        odd = odd.with(milestone).with(new Milestone(SalesStatus.MQL, 0));
      }
    }
    assertThat(odd.plus(even)).isEqualTo(whole);
    assertThat(whole.count(SalesStatus.MQL)).isEqualTo(9);
    assertThat(whole.count(SalesStatus.SQL)).isEqualTo(9);
    assertThat(whole.count(SalesStatus.WON)).isZero();
    assertThat(whole.medianSinceQualifiedMillis(SalesStatus.SQL)).isCloseTo(5 * 3_600_000L, within(450_000L));
    assertThat(whole.medianSinceQualifiedMillis(SalesStatus.MQL)).as("qualifying takes no time to report").isNull();
  }
}
