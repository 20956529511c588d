package io.leadscore.topology;

import io.leadscore.avro.LeadProfile;
import io.leadscore.score.ScoreCard;
import io.leadscore.score.StageTransition;
import java.util.Optional;

/**
 * A rescored lead: the score card, the stage change if there was one, whether the card shows anything the lead's last
 * published score did not, and the lead's profile when the stage change makes it an MQL (null otherwise).
 */
record ScoringOutcome(ScoreCard card, Optional<StageTransition> transition, boolean changed, LeadProfile profile) {

  boolean qualified() {
    return transition.map(StageTransition::qualifies).orElse(false);
  }
}
