package io.leadscore.score;

import io.leadscore.rules.Stage;

/** A lead moved from one stage to another, and why. */
public record StageTransition(Stage from, Stage to, boolean up, Cause cause) {

  public enum Cause {
    ACTIVITY, DECAY, PROFILE, CRM,
    /** A late event changed the order of the lead's activity, and in event order the lead belongs elsewhere. */
    REORDER,
    /** Another rules version was promoted: the lead's stage under it differs from its stage under the one before. */
    RULES,
    /** Another lead was merged into this one, which now has both histories. */
    MERGE
  }

  /** The lead entered a qualified (MQL) stage from one that is not. */
  public boolean qualifies() {
    return to.qualified() && !from.qualified();
  }
}
