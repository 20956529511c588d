package io.leadscore.rules;

/** Fit grade: A is the ideal customer profile, D the poorest fit. */
public enum Grade {
  A, B, C, D
}
