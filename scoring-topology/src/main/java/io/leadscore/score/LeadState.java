package io.leadscore.score;

import io.leadscore.rules.Grade;

/**
 * What the engine keeps per lead: its stage, its engagement ledger, the time it was last evaluated for, the time
 * decay will next take it below its stage's exit (null when decay never will), and its grade then (null before the
 * first evaluation).
 */
public record LeadState(String stage, EngagementLedger engagement, long evaluatedAt, Long decayDueAt, Grade grade) {
}
