package io.leadscore.score;

import io.leadscore.rules.Grade;

/**
 * What the engine keeps per lead: its stage, its engagement ledger, the time it was last evaluated for, the time
 * decay will next take it below its stage's exit (null when decay never will), its grade then (null before the first
 * evaluation), when the decay index will next look at it ({@code decayCheckAt}, at or before {@code decayDueAt};
 * null when the index holds no entry for it), its fit (null in state written before fit was kept), and the
 * fingerprint of the score card last published ({@link ScoreCard#fingerprint}; null before the first, or in state
 * written before it was kept), and whether sales has yet to report an outcome since the lead last qualified
 * ({@code awaitingOutcome}; null in state written before it was kept). Scoring leaves the check time and the outcome
 * flag to whoever keeps the index and routes the leads.
 */
public record LeadState(
    String stage, EngagementLedger engagement, long evaluatedAt, Long decayDueAt, Grade grade, Long decayCheckAt,
    FitState fit, Long published, Boolean awaitingOutcome) {

  public LeadState withDecayCheckAt(Long checkAt) {
    return new LeadState(stage, engagement, evaluatedAt, decayDueAt, grade, checkAt, fit, published, awaitingOutcome);
  }

  public LeadState withAwaitingOutcome(Boolean awaiting) {
    return new LeadState(stage, engagement, evaluatedAt, decayDueAt, grade, decayCheckAt, fit, published, awaiting);
  }

  LeadState withFit(FitState newFit) {
    return new LeadState(stage, engagement, evaluatedAt, decayDueAt, grade, decayCheckAt, newFit, published,
        awaitingOutcome);
  }

  LeadState withEngagement(EngagementLedger ledger) {
    return new LeadState(stage, ledger, evaluatedAt, decayDueAt, grade, decayCheckAt, fit, published,
        awaitingOutcome);
  }

  LeadState evaluated(String newStage, EngagementLedger ledger, long at, Long due, ScoreCard card) {
    return new LeadState(newStage, ledger.withTailStage(newStage), at, due, card.grade(), decayCheckAt, fit,
        card.fingerprint(), awaitingOutcome);
  }

  /**
   * Where the decay index holds this lead, if anywhere. State written before check times were kept has none, and was
   * indexed at its due time.
   */
  public Long decayCheck() {
    return decayCheckAt != null ? decayCheckAt : decayDueAt;
  }
}
