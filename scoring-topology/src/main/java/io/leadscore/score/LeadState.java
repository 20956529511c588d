package io.leadscore.score;

/**
 * What the engine keeps per lead: its stage, its engagement ledger, the time it was last evaluated for, and the time
 * decay will next take it below its stage's exit (null when decay never will).
 */
public record LeadState(String stage, EngagementLedger engagement, long evaluatedAt, Long decayDueAt) {
}
