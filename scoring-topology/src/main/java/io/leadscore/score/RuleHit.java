package io.leadscore.score;

import io.leadscore.rules.EngagementRule;

/**
 * An engagement rule an activity matched, with the points the rule gave when it matched, and for a question rule the
 * answer given ({@link EngagementRule#NO_ANSWER} for other rules).
 */
public record RuleHit(String ruleId, double points, int answer) {

  public RuleHit(String ruleId, double points) {
    this(ruleId, points, EngagementRule.NO_ANSWER);
  }

  public boolean answers() {
    return answer != EngagementRule.NO_ANSWER;
  }
}
