package io.leadscore.score;

/** One contribution to a score, with its value now. */
public record Reason(ReasonKind kind, String ruleId, String description, double points) {
}
