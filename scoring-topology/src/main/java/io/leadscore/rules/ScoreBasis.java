package io.leadscore.rules;

/** Which points place a lead in a stage. */
public enum ScoreBasis {
  /** Engagement alone; fit gives the grade and the stages' grade requirements (the two-dimensional model). */
  ENGAGEMENT,
  /** Engagement plus fit points in one score. */
  TOTAL
}
