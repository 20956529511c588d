package io.leadscore.lifecycle;

import io.leadscore.score.SalesOutcome;

/**
 * Where a lead is in the sales funnel: a prospect until it is handed to sales; then MQL, accepted (SAL), an open
 * opportunity (SQL), and won or lost; or handed back to marketing, rejected or recycled.
 */
public enum SalesStatus {
  PROSPECT, MQL, SAL, SQL, WON, LOST, REJECTED, RECYCLED;

  /** Sales holds the lead: handed over and neither handed back nor closed. */
  public boolean open() {
    return this == MQL || this == SAL || this == SQL;
  }

  static SalesStatus reported(SalesOutcome outcome) {
    return switch (outcome) {
      case ACCEPTED -> SAL;
      case OPPORTUNITY -> SQL;
      case WON -> WON;
      case LOST -> LOST;
      case REJECTED -> REJECTED;
      case RECYCLED -> RECYCLED;
    };
  }
}
