package io.leadscore.rules;

/** How engagement points fade without new activity. */
public enum DecayType {
  NONE,
  /** Halves every {@code halfLife}. */
  EXPONENTIAL,
  /** Loses {@code points} every {@code every} once {@code after} has passed without activity. */
  LINEAR
}
