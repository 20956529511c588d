package io.leadscore.score;

/** What produced a contribution to a score. */
public enum ReasonKind {
  ENGAGEMENT, FIT, MODIFIER, DECAY, FLOOR
}
