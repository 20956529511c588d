package io.leadscore.account;

import io.leadscore.rules.AccountRules.AccountStage;
import io.leadscore.score.Reason;
import java.util.List;
import java.util.Map;

/**
 * An account's score at {@code evaluatedAt}: the engagement its leads add up to (as the rules count them), its fit,
 * the buying group's coverage with the roles engaged and missing, its stage, every lead's part, most engaged first, and
 * the firmographics its fit and routing match.
 */
public record AccountCard(
    String domain, double engagement, double fit, double score, double coverage, List<String> rolesEngaged,
    List<String> rolesMissing, AccountStage stage, List<Contributor> leads, List<Reason> fitReasons,
    Map<String, String> firmographics, long evaluatedAt) {

  /** A lead's engagement now, whether it counts toward the account's (top N), and its role. */
  public record Contributor(String leadId, double engagement, boolean counted, String role, Long lastActivityAt) {
  }
}
