package io.leadscore.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadscore.account.AccountCard;
import io.leadscore.score.Reason;
import java.time.Instant;
import java.util.List;

/**
 * An account now: its score, stage and buying-group coverage, and every lead's part, most engaged first; the most
 * engaged leads come with their own explanation ({@code /api/leads/{id}}). Times are ISO-8601.
 */
public record AccountView(
    String domain, double score, double engagementScore, double fitScore, double coverage, List<String> rolesEngaged,
    List<String> rolesMissing, String stage, String stageAction, boolean qualified, String evaluatedAt,
    List<Reason> fitReasons, int leadCount, List<Lead> leads) {

  /** A lead's part; {@code explanation} for the most engaged ones, null for the rest. */
  public record Lead(String leadId, double engagementScore, boolean counted, String role, String lastActivityAt,
      JsonNode explanation) {
  }

  static AccountView of(AccountCard card, List<Lead> leads) {
    return new AccountView(card.domain(), card.score(), card.engagement(), card.fit(), card.coverage(),
        card.rolesEngaged(), card.rolesMissing(), card.stage().id(), card.stage().action(), card.stage().qualified(),
        Instant.ofEpochMilli(card.evaluatedAt()).toString(), card.fitReasons(), card.leads().size(), leads);
  }
}
