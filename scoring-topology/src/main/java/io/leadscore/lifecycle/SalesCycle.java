package io.leadscore.lifecycle;

import io.leadscore.score.SalesOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A lead's sales status in its current cycle: a cycle begins when the lead is handed to sales (it qualifies, or the CRM
 * reports sales working it) and ends when it is won, lost, rejected or recycled; a lead handed back can qualify again,
 * which begins the next cycle. {@code timeInStatus} holds the time spent in each status of the cycle before the current
 * one, in the order entered. {@code since}, {@code startedAt} and {@code qualifiedAt} are epoch millis;
 * {@code qualifiedAt} and {@code qualification} are null in a cycle that sales began without the lead qualifying.
 *
 * <p>Statuses only move forward: MQL, SAL, SQL, then won or lost; rejected and recycled hand an MQL or SAL back. Won is
 * final. An outcome that would move the status back, or close what is not open, is refused with the reason; a repeat of
 * the current status changes nothing, so a CRM that sends an outcome twice does not apply it twice.
 */
public record SalesCycle(int cycle, SalesStatus status, Long since, Long startedAt, Long qualifiedAt,
    List<StatusTime> timeInStatus, Qualification qualification) {

  /** A lead that was never handed to sales. */
  public static final SalesCycle PROSPECT = new SalesCycle(0, SalesStatus.PROSPECT, null, null, null, List.of(), null);

  public SalesCycle {
    timeInStatus = timeInStatus == null ? List.of() : List.copyOf(timeInStatus);
  }

  /** What a CRM outcome does to the cycle. */
  public sealed interface Report {
  }

  /** The status moved; {@code from} is the one left. */
  public record Moved(SalesStatus from, SalesCycle cycle) implements Report {
  }

  /** The outcome repeats the current status. */
  public record Repeated() implements Report {
  }

  /** The outcome cannot follow the current status. */
  public record Refused(String reason) implements Report {
  }

  /** The lead qualified at {@code at}: an MQL beginning a new cycle, unless sales already holds it or won it. */
  public Optional<Moved> qualified(long at, Qualification snapshot) {
    if (status.open() || status == SalesStatus.WON) {
      return Optional.empty();
    }
    long time = notBeforeSince(at);
    return Optional.of(new Moved(status,
        new SalesCycle(cycle + 1, SalesStatus.MQL, time, time, time, List.of(), snapshot)));
  }

  /**
   * What sales reported at {@code at}. From a prospect any outcome begins the first cycle: the CRM saw a hand-over that
   * scoring did not (a lead sales found itself, or one that qualified before statuses were kept).
   */
  public Report report(SalesOutcome outcome, long at) {
    SalesStatus to = SalesStatus.reported(outcome);
    if (to == status) {
      return new Repeated();
    }
    String refusal = refusal(to);
    if (refusal != null) {
      return new Refused("sales status " + status + " cannot become " + to + ": " + refusal);
    }
    long time = notBeforeSince(at);
    boolean newCycle = status == SalesStatus.PROSPECT
        || (!status.open() && (to == SalesStatus.SAL || to == SalesStatus.SQL || to == SalesStatus.WON));
    if (newCycle) {
      return new Moved(status, new SalesCycle(cycle + 1, to, time, time, null, List.of(), null));
    }
    List<StatusTime> times = new ArrayList<>(timeInStatus);
    times.add(new StatusTime(status, time - since));
    return new Moved(status, new SalesCycle(cycle, to, time, startedAt, qualifiedAt, times, qualification));
  }

  /** Time spent in each status of the cycle, the current one up to {@code now} while sales holds the lead. */
  public List<StatusTime> timeInStatus(long now) {
    if (!status.open()) {
      return timeInStatus;
    }
    List<StatusTime> times = new ArrayList<>(timeInStatus);
    times.add(new StatusTime(status, Math.max(0, now - since)));
    return List.copyOf(times);
  }

  private String refusal(SalesStatus to) {
    return switch (status) {
      case WON -> "it is a customer since " + Instant.ofEpochMilli(since);
      case SQL -> to == SalesStatus.SAL ? "an opportunity is open, and statuses never move back"
          : to == SalesStatus.REJECTED || to == SalesStatus.RECYCLED
              ? "an opportunity is open: report it won or lost" : null;
      case MQL -> to == SalesStatus.LOST ? "sales never accepted it, so there is nothing to lose: report it rejected"
          : null;
      case LOST, REJECTED, RECYCLED -> to == SalesStatus.LOST
          ? "it was already handed back, so there is nothing to lose" : null;
      case PROSPECT, SAL -> null;
    };
  }

  /** A status is never entered before the one it follows: CRM clocks and late records must not give negative times. */
  private long notBeforeSince(long at) {
    return since == null ? at : Math.max(at, since);
  }
}
