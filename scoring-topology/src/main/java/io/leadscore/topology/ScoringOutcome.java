package io.leadscore.topology;

import io.leadscore.avro.CrmOutcome;
import io.leadscore.avro.LeadProfile;
import io.leadscore.score.ScoreCard;
import io.leadscore.score.StageTransition;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;

/**
 * What the scorer made of an input: the score card (null when the input changed no score), the stage change if there
 * was one, whether the card shows anything the lead's last published score did not, the lead's profile when the stage
 * change makes it an MQL or alerts a seller (null otherwise), a CRM outcome that routing waits for (the first since the lead last
 * qualified; null otherwise), the change of the lead's sales status (null if none), and the lead's changes in its
 * accounts, keyed by their domains.
 */
record ScoringOutcome(ScoreCard card, Optional<StageTransition> transition, boolean changed, LeadProfile profile,
    CrmOutcome routedOutcome, SalesStatusChange statusChange, List<KeyValue<String, AccountChange>> accountChanges) {

  /** A CRM outcome that changed no score: it closes the lead's routing, changes its sales status, or both. */
  static ScoringOutcome unscored(CrmOutcome routedOutcome, SalesStatusChange statusChange) {
    return new ScoringOutcome(null, Optional.empty(), false, null, routedOutcome, statusChange, List.of());
  }

  /**
   * The lead moved up into a stage that alerts or starts a campaign. A rules switch moves many leads at once, none of
   * them for anything they did: it announces their stage changes and routes its new MQLs, but alerts no one.
   */
  boolean actionDue() {
    return transition.filter(t -> t.up() && t.to().acts() && t.cause() != StageTransition.Cause.RULES).isPresent();
  }

  boolean qualified() {
    return transition.map(StageTransition::qualifies).orElse(false);
  }
}
