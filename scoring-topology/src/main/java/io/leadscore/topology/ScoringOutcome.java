package io.leadscore.topology;

import io.leadscore.avro.LeadProfile;
import io.leadscore.score.ScoreCard;
import io.leadscore.score.StageTransition;
import java.util.Optional;

/** A rescored lead: the score card, the stage change if there was one, and the profile it was scored with. */
record ScoringOutcome(ScoreCard card, Optional<StageTransition> transition, LeadProfile profile) {

  boolean qualified() {
    return transition.map(StageTransition::qualifies).orElse(false);
  }
}
