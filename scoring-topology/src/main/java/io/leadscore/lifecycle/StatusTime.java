package io.leadscore.lifecycle;

/** Time a lead spent in one sales status within a cycle. */
public record StatusTime(SalesStatus status, long millis) {
}
