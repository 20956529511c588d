package io.leadscore.score;

import java.util.Map;

/** Engagement at one moment: points per rule (and decay and floor adjustments) after decay, and their sum. */
public record Engagement(double total, Map<String, Double> points, Long lastActivityAt) {
}
