package io.leadscore.score;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of scoring one input: the lead's new state, its score card, the stage change it caused, if any, whether
 * the card shows anything the last published one did not (its time aside), and the events whose ids the state let go
 * of while they are still inside the deduplication window (for the overflow store).
 */
public record Scored(LeadState state, ScoreCard card, Optional<StageTransition> transition, boolean changed,
    List<SeenEvent> spilled) {

  public Scored {
    spilled = List.copyOf(spilled);
  }

  /** {@code after} carries the new card's fingerprint; {@code before} the one last published. */
  static Scored of(LeadState before, LeadState after, ScoreCard card, Optional<StageTransition> transition) {
    return new Scored(after, card, transition, !Objects.equals(before.published(), after.published()), List.of());
  }

  Scored withSpilled(List<SeenEvent> ids) {
    return new Scored(state, card, transition, changed, ids);
  }
}
