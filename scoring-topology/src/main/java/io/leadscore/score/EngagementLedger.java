package io.leadscore.score;

import java.util.List;

/**
 * A lead's engagement history: a checkpoint, plus the recent activity kept apart so that an event arriving late within
 * the reorder window is folded in at its place in event time, and the score is the one in-order arrival would give.
 * {@code settled} is the checkpoint with the recent activity folded in, kept so that an event arriving in order costs
 * one fold rather than a replay of the window; null means it is to be computed. {@code seen} holds the events folded
 * into the checkpoint that are still inside the deduplication window; the recent ones are known by their entries.
 * Events of the window that did not fit in {@code seen} went to the overflow store; {@code spilledThrough} is the
 * latest event time among them (null when none did).
 */
public record EngagementLedger(
    Checkpoint checkpoint, List<LedgerEntry> recent, Checkpoint settled, List<SeenEvent> seen, Long spilledThrough) {

  public static final EngagementLedger EMPTY =
      new EngagementLedger(Checkpoint.EMPTY, List.of(), Checkpoint.EMPTY, List.of(), null);

  public EngagementLedger {
    recent = List.copyOf(recent);
    seen = List.copyOf(seen);
  }

  EngagementLedger withSeen(List<SeenEvent> kept, Long through) {
    return new EngagementLedger(checkpoint, recent, settled, kept, through);
  }
}
