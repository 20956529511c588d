package io.leadscore.api;

import io.leadscore.score.Reason;
import io.leadscore.score.ScoreCard;
import io.leadscore.topology.StageMove;
import java.time.Instant;
import java.util.List;

/**
 * A lead's score now, with every contribution: {@code reasons} sum to {@code score}, {@code fitReasons} to fit; its
 * most recent stage changes, newest first; its sales status; and the account it rolls up to (null for none). Times are
 * ISO-8601.
 */
public record LeadExplanation(
    String leadId, double score, double engagementScore, double fitScore, String grade, String label, String stage,
    String stageAction, boolean qualified, boolean profileKnown, String rulesVersion, String evaluatedAt,
    String lastActivityAt, List<Reason> reasons, List<Reason> fitReasons, List<StageMove> stageChanges,
    SalesStatusView salesStatus, String account) {

  static LeadExplanation of(ScoreCard card, List<StageMove> stageChanges, SalesStatusView salesStatus,
      String account) {
    return new LeadExplanation(card.leadId(), card.score(), card.engagement(), card.fit(), card.grade().name(),
        card.label(), card.stage().id(), card.stage().action(), card.stage().qualified(), card.profileKnown(),
        card.rulesVersion(), Instant.ofEpochMilli(card.evaluatedAt()).toString(),
        card.lastActivityAt() == null ? null : Instant.ofEpochMilli(card.lastActivityAt()).toString(), card.reasons(),
        card.fitReasons(), stageChanges, salesStatus, account);
  }
}
