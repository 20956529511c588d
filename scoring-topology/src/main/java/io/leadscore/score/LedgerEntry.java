package io.leadscore.score;

import java.util.Comparator;
import java.util.List;

/** A scored activity kept in a lead's ledger until it is older than the reorder window. */
public record LedgerEntry(String eventId, long time, List<RuleHit> hits) {

  /** Event-time order; the event id breaks ties so the order never depends on arrival. */
  static final Comparator<LedgerEntry> EVENT_ORDER =
      Comparator.comparingLong(LedgerEntry::time).thenComparing(LedgerEntry::eventId);

  public LedgerEntry {
    hits = List.copyOf(hits);
  }
}
