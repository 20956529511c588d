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
 *
 * <p>The stage path: {@code checkpointStage} is the stage the lead was in once the checkpoint's events were scored in
 * event order, and each recent entry carries the stage right after it. The newest entry's stage is the lead's stage,
 * so that the path a late event replays starts where in-order processing would have been and ends where the lead is.
 */
public record EngagementLedger(
    Checkpoint checkpoint, List<LedgerEntry> recent, Checkpoint settled, List<SeenEvent> seen, Long spilledThrough,
    String checkpointStage) {

  public EngagementLedger {
    recent = List.copyOf(recent);
    seen = List.copyOf(seen);
  }

  /** A lead with no activity yet, in {@code stage}. */
  public static EngagementLedger empty(String stage) {
    return new EngagementLedger(Checkpoint.EMPTY, List.of(), Checkpoint.EMPTY, List.of(), null, stage);
  }

  /** The stage after the newest event: the lead's stage. */
  public String tailStage() {
    return recent.isEmpty() ? checkpointStage : recent.get(recent.size() - 1).stage();
  }

  /** The ledger with the newest event's stage (or the checkpoint's, with no recent events) set to the lead's. */
  public EngagementLedger withTailStage(String stage) {
    if (stage.equals(tailStage())) {
      return this;
    }
    if (recent.isEmpty()) {
      return new EngagementLedger(checkpoint, recent, settled, seen, spilledThrough, stage);
    }
    LedgerEntry[] entries = recent.toArray(new LedgerEntry[0]);
    entries[entries.length - 1] = entries[entries.length - 1].withStage(stage);
    return new EngagementLedger(checkpoint, List.of(entries), settled, seen, spilledThrough, checkpointStage);
  }

  EngagementLedger withSeen(List<SeenEvent> kept, Long through) {
    return new EngagementLedger(checkpoint, recent, settled, kept, through, checkpointStage);
  }
}
