package io.leadscore.score;

import io.leadscore.rules.EngagementRule;

/**
 * An engagement rule an activity matched, with the points the rule gave when it matched, and for a question rule the
 * answer given ({@link EngagementRule#NO_ANSWER} for other rules). {@code ruleId} is the key the points are kept under:
 * the rule's id, marked for an event from before the lead was identified ({@link #rule()} is the rule's id either way).
 */
public record RuleHit(String ruleId, double points, int answer) {

  public RuleHit(String ruleId, double points) {
    this(ruleId, points, EngagementRule.NO_ANSWER);
  }

  /** The rule's id, whose caps and once-only firing count every event alike, identified or not. */
  public String rule() {
    return ruleOf(ruleId);
  }

  /**
   * The hit of an event credited from before identification: its points are kept apart from the rule's others. An
   * answer replaces the answer before it, so it is kept as the lead's whenever it was given.
   */
  public RuleHit beforeIdentification() {
    return answers() || isBeforeIdentification(ruleId) ? this
        : new RuleHit(ruleId + EngagementRule.BEFORE_IDENTIFICATION, points, answer);
  }

  static boolean isBeforeIdentification(String key) {
    return key.endsWith(EngagementRule.BEFORE_IDENTIFICATION);
  }

  /** The rule a contribution's key belongs to. */
  static String ruleOf(String key) {
    return isBeforeIdentification(key)
        ? key.substring(0, key.length() - EngagementRule.BEFORE_IDENTIFICATION.length()) : key;
  }

  public boolean answers() {
    return answer != EngagementRule.NO_ANSWER;
  }
}
