package io.leadscore.score;

import java.util.List;

/**
 * A lead's engagement history: a checkpoint, plus the recent activity kept apart so that an event arriving late within
 * the reorder window is folded in at its place in event time, and the score is the one in-order arrival would give.
 */
public record EngagementLedger(Checkpoint checkpoint, List<LedgerEntry> recent) {

  public static final EngagementLedger EMPTY = new EngagementLedger(Checkpoint.EMPTY, List.of());

  public EngagementLedger {
    recent = List.copyOf(recent);
  }
}
