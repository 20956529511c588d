package io.leadscore.score;

/** A capped rule's period ({@link io.leadscore.rules.Cap#period}), under which its scoring occurrences are counted. */
public record CapPeriod(String ruleId, long period) {
}
