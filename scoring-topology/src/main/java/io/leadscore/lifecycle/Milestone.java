package io.leadscore.lifecycle;

/** A status an MQL reached in its cycle, and how long after it qualified. */
public record Milestone(SalesStatus status, long sinceQualifiedMillis) {
}
