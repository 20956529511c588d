package io.leadscore.topology;

import io.leadscore.avro.CrmOutcome;
import io.leadscore.avro.MqlEntry;

/** What reaches the router: a lead that just qualified, or an outcome the CRM reported. */
sealed interface RoutingInput {

  record NewMql(MqlEntry entry) implements RoutingInput {
  }

  record Outcome(CrmOutcome outcome) implements RoutingInput {
  }
}
