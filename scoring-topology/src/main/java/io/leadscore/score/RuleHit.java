package io.leadscore.score;

/** An engagement rule an activity matched, with the points the rule gave when it matched. */
public record RuleHit(String ruleId, double points) {
}
