package io.leadscore.score;

import java.util.List;

/** A scored activity kept in a lead's ledger until it is older than the reorder window; the event id as its hash. */
public record LedgerEntry(long eventHash, long time, List<RuleHit> hits) {

  public LedgerEntry {
    hits = List.copyOf(hits);
  }

  SeenEvent seen() {
    return new SeenEvent(eventHash, time);
  }
}
