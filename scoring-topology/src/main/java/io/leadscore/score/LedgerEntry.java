package io.leadscore.score;

import java.util.List;

/**
 * A scored activity kept in a lead's ledger until it is older than the reorder window; the event id as its hash, and
 * the stage the lead was in right after it in event order ({@code stage}; null until the engine places the entry).
 */
public record LedgerEntry(long eventHash, long time, List<RuleHit> hits, String stage) {

  public LedgerEntry {
    hits = List.copyOf(hits);
  }

  public LedgerEntry(long eventHash, long time, List<RuleHit> hits) {
    this(eventHash, time, hits, null);
  }

  LedgerEntry withStage(String newStage) {
    return newStage.equals(stage) ? this : new LedgerEntry(eventHash, time, hits, newStage);
  }

  SeenEvent seen() {
    return new SeenEvent(eventHash, time);
  }
}
