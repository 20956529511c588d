package io.leadscore.score;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of scoring one input: the lead's new state, its score card, the stage change it caused, if any, and the
 * events whose ids the state let go of while they are still inside the deduplication window (for the overflow store).
 */
public record Scored(LeadState state, ScoreCard card, Optional<StageTransition> transition, List<SeenEvent> spilled) {

  public Scored {
    spilled = List.copyOf(spilled);
  }

  public Scored(LeadState state, ScoreCard card, Optional<StageTransition> transition) {
    this(state, card, transition, List.of());
  }
}
