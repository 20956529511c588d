package io.leadscore.routing;

import java.util.List;

/**
 * Where a lead went: a rep of a team, or the queue {@code team} when {@code repId} is null. {@code via} names what
 * decided it (a routing rule id, {@code account-owner}, {@code sla-reassignment} or {@code fallback}); {@code dueAt}
 * is when the CRM must report an outcome, null for a queue. {@code tried} are the reps who had the lead.
 */
public record Assignment(
    String leadId, String team, String repId, String via, long assignedAt, Long dueAt, int attempt,
    List<String> tried) {

  public Assignment {
    tried = List.copyOf(tried);
  }

  public boolean queued() {
    return repId == null;
  }
}
