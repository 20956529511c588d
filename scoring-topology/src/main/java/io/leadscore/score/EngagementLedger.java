package io.leadscore.score;

import java.util.List;

/**
 * A lead's engagement history: a checkpoint, plus the recent activity kept apart so that an event arriving late within
 * the reorder window is folded in at its place in event time, and the score is the one in-order arrival would give.
 * {@code settled} is the checkpoint with the recent activity folded in, kept so that an event arriving in order costs
 * one fold rather than a replay of the window; it is null in state written before it was kept, and then recomputed.
 */
public record EngagementLedger(Checkpoint checkpoint, List<LedgerEntry> recent, Checkpoint settled) {

  public static final EngagementLedger EMPTY = new EngagementLedger(Checkpoint.EMPTY, List.of(), Checkpoint.EMPTY);

  public EngagementLedger {
    recent = List.copyOf(recent);
  }
}
