package io.leadscore.score;

import io.leadscore.rules.Stage;

/** A lead moved from one stage to another, and why. */
public record StageTransition(Stage from, Stage to, boolean up, Cause cause) {

  public enum Cause {
    ACTIVITY, DECAY, PROFILE, CRM
  }

  /** The lead entered a qualified (MQL) stage from one that is not. */
  public boolean qualifies() {
    return to.qualified() && !from.qualified();
  }
}
