package io.leadscore.rules;

/** How often an engagement rule awards its points to one lead. */
public enum Frequency {
  /** The first matching activity only. */
  ONCE,
  /** Every matching activity, up to the rule's cap. */
  EVERY
}
