package io.leadscore.lifecycle;

import io.leadscore.rules.Grade;
import io.leadscore.score.Reason;
import io.leadscore.score.ReasonKind;
import io.leadscore.score.ScoreCard;
import java.util.Comparator;

/**
 * How a lead looked when it became an MQL: the cohort its conversions count for. {@code topInterest} is the engagement
 * rule that had earned it the most points (null if none had); {@code channel} the channel of the activity that
 * qualified it (null when a profile change did).
 */
public record Qualification(String rulesVersion, Grade grade, double engagement, double score, String topInterest,
    String channel) {

  public static Qualification of(ScoreCard card, String channel) {
    String topInterest = card.reasons().stream()
        .filter(r -> r.kind() == ReasonKind.ENGAGEMENT && r.points() > 0)
        .max(Comparator.comparingDouble(Reason::points))
        .map(Reason::ruleId)
        .orElse(null);
    return new Qualification(card.rulesVersion(), card.grade(), card.engagement(), card.score(), topInterest, channel);
  }
}
