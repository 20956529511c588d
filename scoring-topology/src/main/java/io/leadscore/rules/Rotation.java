package io.leadscore.rules;

/** How a team shares its leads among its reps. */
public enum Rotation {
  /** In turn, one each. */
  ROUND_ROBIN,
  /** In turn, in proportion to each rep's weight. */
  WEIGHTED
}
