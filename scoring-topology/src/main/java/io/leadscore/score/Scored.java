package io.leadscore.score;

import java.util.Optional;

/** The outcome of scoring one input: the lead's new state, its score card, and the stage change it caused, if any. */
public record Scored(LeadState state, ScoreCard card, Optional<StageTransition> transition) {
}
