package io.leadscore.lifecycle;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a change of sales status adds to the effectiveness counts: for each cohort of the lead's qualification, every
 * status the change made it reach for the first time in its cycle. A lead taken from MQL straight to an opportunity
 * was accepted too, and a won one had an opportunity. Cycles that sales began without the lead qualifying are not MQLs
 * and count nowhere.
 */
public final class Effectiveness {

  private final EngagementBands bands;

  public Effectiveness(EngagementBands bands) {
    this.bands = bands;
  }

  public EngagementBands bands() {
    return bands;
  }

  public List<Map.Entry<Cohort, Milestone>> contributions(SalesCycle.Moved moved) {
    SalesCycle cycle = moved.cycle();
    if (cycle.qualification() == null) {
      return List.of();
    }
    long sinceQualified = cycle.since() - cycle.qualifiedAt();
    List<Map.Entry<Cohort, Milestone>> contributions = new ArrayList<>();
    for (Cohort cohort : Cohort.of(cycle.qualification(), bands)) {
      for (SalesStatus status : newlyReached(cycle)) {
        contributions.add(Map.entry(cohort, new Milestone(status, sinceQualified)));
      }
    }
    return contributions;
  }

  private static List<SalesStatus> newlyReached(SalesCycle cycle) {
    Set<SalesStatus> before = cycle.timeInStatus().stream().flatMap(time -> reachedBy(time.status()).stream())
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(SalesStatus.class)));
    return reachedBy(cycle.status()).stream().filter(status -> !before.contains(status)).toList();
  }

  /** The statuses a lead in {@code status} has reached: an opportunity was accepted, and a won deal an opportunity. */
  private static List<SalesStatus> reachedBy(SalesStatus status) {
    return switch (status) {
      case SQL -> List.of(SalesStatus.SAL, SalesStatus.SQL);
      case WON -> List.of(SalesStatus.SAL, SalesStatus.SQL, SalesStatus.WON);
      default -> List.of(status);
    };
  }
}
