package io.leadscore.topology;

import io.leadscore.score.ScoreCard;
import io.leadscore.score.StageTransition;
import java.time.Instant;

/** A lead's move between stages as the API's feeds and lead history show it; {@code at} is ISO-8601. */
public record StageMove(String leadId, String at, String from, String to, String direction, String cause,
    double score, String label, boolean qualified) {

  static StageMove of(ScoreCard card, StageTransition transition) {
    return new StageMove(card.leadId(), Instant.ofEpochMilli(card.evaluatedAt()).toString(), transition.from().id(),
        transition.to().id(), transition.up() ? "UP" : "DOWN", transition.cause().name(), card.score(), card.label(),
        transition.qualifies());
  }
}
