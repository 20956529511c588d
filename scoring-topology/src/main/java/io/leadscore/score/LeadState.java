package io.leadscore.score;

import io.leadscore.rules.Grade;

/**
 * What the engine keeps per lead: its stage, its engagement ledger, the time it was last evaluated for, the time
 * decay will next take it below its stage's exit (null when decay never will), its grade then (null before the first
 * evaluation), when the decay index will next look at it ({@code decayCheckAt}, at or before {@code decayDueAt};
 * null when the index holds no entry for it), and its fit (null in state written before fit was kept). Scoring leaves
 * the check time to whoever keeps the index.
 */
public record LeadState(
    String stage, EngagementLedger engagement, long evaluatedAt, Long decayDueAt, Grade grade, Long decayCheckAt,
    FitState fit) {

  public LeadState withDecayCheckAt(Long checkAt) {
    return new LeadState(stage, engagement, evaluatedAt, decayDueAt, grade, checkAt, fit);
  }

  LeadState withFit(FitState newFit) {
    return new LeadState(stage, engagement, evaluatedAt, decayDueAt, grade, decayCheckAt, newFit);
  }

  LeadState withEngagement(EngagementLedger ledger) {
    return new LeadState(stage, ledger, evaluatedAt, decayDueAt, grade, decayCheckAt, fit);
  }

  LeadState evaluated(String newStage, EngagementLedger ledger, long at, Long due, Grade newGrade) {
    return new LeadState(newStage, ledger, at, due, newGrade, decayCheckAt, fit);
  }

  /**
   * Where the decay index holds this lead, if anywhere. State written before check times were kept has none, and was
   * indexed at its due time.
   */
  public Long decayCheck() {
    return decayCheckAt != null ? decayCheckAt : decayDueAt;
  }
}
