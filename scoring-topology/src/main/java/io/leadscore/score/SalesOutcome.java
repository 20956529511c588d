package io.leadscore.score;

/** What sales reported about a lead in the CRM. */
public enum SalesOutcome {
  ACCEPTED, REJECTED, RECYCLED, OPPORTUNITY, WON, LOST
}
