package io.leadscore.topology;

import io.leadscore.avro.MqlRouting;
import java.util.List;

/**
 * A routing decision as the API's MQL feed shows it; {@code at} is ISO-8601. An MQA's {@code leadId} is its domain, and
 * its label "MQA" with its score.
 */
public record RoutedMql(String leadId, String at, String kind, String team, String repId, String repName,
    String rule, String label, int attempt, List<String> reasons) {

  static RoutedMql of(MqlRouting routing) {
    return new RoutedMql(routing.getLeadId(), routing.getRoutedAt().toString(), routing.getKind().name(),
        routing.getTeam(), routing.getRepId(), routing.getRepName(), routing.getRule(),
        routing.getSnapshot() != null ? routing.getSnapshot().getLabel() : "MQA " + Math.round(
            routing.getAccount().getScore()), routing.getAttempt(), List.copyOf(routing.getReasons()));
  }
}
