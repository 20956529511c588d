package io.leadscore.lifecycle;

import static io.leadscore.score.SalesOutcome.ACCEPTED;
import static io.leadscore.score.SalesOutcome.LOST;
import static io.leadscore.score.SalesOutcome.OPPORTUNITY;
import static io.leadscore.score.SalesOutcome.RECYCLED;
import static io.leadscore.score.SalesOutcome.REJECTED;
import static io.leadscore.score.SalesOutcome.WON;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadscore.rules.Grade;
import io.leadscore.score.SalesOutcome;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SalesCycleTest {

  private static final long HOUR = 3_600_000L;
  private static final Qualification AT_QUALIFICATION = new Qualification("v1", Grade.B, 100, 120, "demo-request",
      "web");

  private static SalesCycle mql(long at) {
    return SalesCycle.PROSPECT.qualified(at, AT_QUALIFICATION).orElseThrow().cycle();
  }

  private static SalesCycle moved(SalesCycle cycle, SalesOutcome outcome, long at) {
    SalesCycle.Report report = cycle.report(outcome, at);
    assertThat(report).isInstanceOf(SalesCycle.Moved.class);
    return ((SalesCycle.Moved) report).cycle();
  }

  /** A lead brought to {@code status} the usual way, its last change at hour 10. */
  private static SalesCycle in(SalesStatus status) {
    return switch (status) {
      case PROSPECT -> SalesCycle.PROSPECT;
      case MQL -> mql(10 * HOUR);
      case SAL -> moved(mql(0), ACCEPTED, 10 * HOUR);
      case SQL -> moved(moved(mql(0), ACCEPTED, HOUR), OPPORTUNITY, 10 * HOUR);
      case WON, LOST -> moved(in(SalesStatus.SQL), SalesOutcome.valueOf(status.name()), 11 * HOUR);
      case REJECTED, RECYCLED -> moved(in(SalesStatus.SAL), SalesOutcome.valueOf(status.name()), 11 * HOUR);
    };
  }

  @Test
  void aLeadThatQualifiesIsAnMqlInItsFirstCycleWithItsQualification() {
    SalesCycle.Moved moved = SalesCycle.PROSPECT.qualified(5 * HOUR, AT_QUALIFICATION).orElseThrow();
    assertThat(moved.from()).isEqualTo(SalesStatus.PROSPECT);
    assertThat(moved.cycle()).isEqualTo(new SalesCycle(1, SalesStatus.MQL, 5 * HOUR, 5 * HOUR, 5 * HOUR, List.of(),
        AT_QUALIFICATION));
  }

  @Test
  void eachStatusCountsTheTimeSpentInTheOnesBefore() {
    SalesCycle won = moved(moved(moved(mql(0), ACCEPTED, 2 * HOUR), OPPORTUNITY, 26 * HOUR), WON, 100 * HOUR);
    assertThat(won.status()).isEqualTo(SalesStatus.WON);
    assertThat(won.timeInStatus()).containsExactly(new StatusTime(SalesStatus.MQL, 2 * HOUR),
        new StatusTime(SalesStatus.SAL, 24 * HOUR), new StatusTime(SalesStatus.SQL, 74 * HOUR));
    assertThat(won.qualifiedAt()).isZero();
    assertThat(won.since()).isEqualTo(100 * HOUR);
    assertThat(won.qualification()).isEqualTo(AT_QUALIFICATION);
    assertThat(won.timeInStatus(200 * HOUR)).as("a closed status has no running time").isEqualTo(won.timeInStatus());
    SalesCycle accepted = moved(mql(0), ACCEPTED, 2 * HOUR);
    assertThat(accepted.timeInStatus(5 * HOUR)).as("the open status counts up to now")
        .containsExactly(new StatusTime(SalesStatus.MQL, 2 * HOUR), new StatusTime(SalesStatus.SAL, 3 * HOUR));
  }

  @Test
  void anOutcomeReportedBeforeTheStatusItFollowsCountsAsAtThatStatusNeverNegative() {
    SalesCycle accepted = moved(mql(10 * HOUR), ACCEPTED, 4 * HOUR);
    assertThat(accepted.since()).isEqualTo(10 * HOUR);
    assertThat(accepted.timeInStatus()).containsExactly(new StatusTime(SalesStatus.MQL, 0));
  }

  @Test
  void aRepeatOfTheCurrentStatusChangesNothing() {
    assertThat(in(SalesStatus.SAL).report(ACCEPTED, 50 * HOUR)).isInstanceOf(SalesCycle.Repeated.class);
    assertThat(in(SalesStatus.WON).report(WON, 50 * HOUR)).isInstanceOf(SalesCycle.Repeated.class);
    assertThat(in(SalesStatus.REJECTED).report(REJECTED, 50 * HOUR)).isInstanceOf(SalesCycle.Repeated.class);
  }

  /** Every status against every outcome: R refused, M moved in the cycle, N moved into a new cycle, = repeated. */
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
      // status,  ACCEPTED OPPORTUNITY WON LOST REJECTED RECYCLED
      "PROSPECT, N N N N N N",
      "MQL,      M M M R M M",
      "SAL,      = M M M M M",
      "SQL,      R = M M R R",
      "WON,      R R = R R R",
      "LOST,     N N N = M M",
      "REJECTED, N N N R = M",
      "RECYCLED, N N N R M =",
  })
  void onlyForwardMovesAreTaken(SalesStatus status, String expected) {
    SalesCycle cycle = in(status);
    String[] cells = expected.split(" ");
    List<SalesOutcome> outcomes = List.of(ACCEPTED, OPPORTUNITY, WON, LOST, REJECTED, RECYCLED);
    for (int i = 0; i < outcomes.size(); i++) {
      SalesCycle.Report report = cycle.report(outcomes.get(i), 20 * HOUR);
      String got = report instanceof SalesCycle.Moved moved
          ? (moved.cycle().cycle() == cycle.cycle() ? "M" : "N")
          : report instanceof SalesCycle.Refused ? "R" : "=";
      assertThat(got).as(status + " then " + outcomes.get(i)).isEqualTo(cells[i]);
      if (report instanceof SalesCycle.Moved moved) {
        assertThat(moved.from()).isEqualTo(status);
        assertThat(moved.cycle().status()).isEqualTo(SalesStatus.reported(outcomes.get(i)));
      }
    }
  }

  @Test
  void refusalsSayWhy() {
    assertThat(in(SalesStatus.WON).report(REJECTED, 20 * HOUR)).isEqualTo(new SalesCycle.Refused(
        "sales status WON cannot become REJECTED: it is a customer since 1970-01-01T11:00:00Z"));
    assertThat(in(SalesStatus.SQL).report(ACCEPTED, 20 * HOUR)).isEqualTo(new SalesCycle.Refused(
        "sales status SQL cannot become SAL: an opportunity is open, and statuses never move back"));
    assertThat(in(SalesStatus.MQL).report(LOST, 20 * HOUR)).isEqualTo(new SalesCycle.Refused(
        "sales status MQL cannot become LOST: sales never accepted it, so there is nothing to lose: report it "
            + "rejected"));
  }

  @Test
  void aLeadHandedBackQualifiesIntoTheNextCycleAndOneSalesHoldsDoesNot() {
    SalesCycle recycled = in(SalesStatus.RECYCLED);
    SalesCycle.Moved again = recycled.qualified(30 * HOUR, AT_QUALIFICATION).orElseThrow();
    assertThat(again.from()).isEqualTo(SalesStatus.RECYCLED);
    assertThat(again.cycle().cycle()).isEqualTo(2);
    assertThat(again.cycle().timeInStatus()).as("a new cycle counts afresh").isEmpty();
    for (SalesStatus holding : List.of(SalesStatus.MQL, SalesStatus.SAL, SalesStatus.SQL, SalesStatus.WON)) {
      assertThat(in(holding).qualified(30 * HOUR, AT_QUALIFICATION)).as(holding.name()).isEmpty();
    }
  }

  @Test
  void salesTakingUpALeadHandedBackBeginsACycleWithoutAQualification() {
    SalesCycle taken = moved(in(SalesStatus.REJECTED), OPPORTUNITY, 40 * HOUR);
    assertThat(taken).isEqualTo(new SalesCycle(2, SalesStatus.SQL, 40 * HOUR, 40 * HOUR, null, List.of(), null));
    assertThat(moved(SalesCycle.PROSPECT, ACCEPTED, HOUR).cycle()).as("the first cycle, which scoring did not see")
        .isEqualTo(1);
  }
}
