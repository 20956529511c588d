package io.leadscore.score;

/**
 * One contribution to a score, with its value now. A rule's events from before the lead was identified (as an anonymous
 * visitor) are a contribution of their own, {@code beforeIdentification}.
 */
public record Reason(ReasonKind kind, String ruleId, String description, double points, boolean beforeIdentification) {

  public Reason(ReasonKind kind, String ruleId, String description, double points) {
    this(kind, ruleId, description, points, false);
  }
}
