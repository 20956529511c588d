package io.leadscore.topology;

import io.leadscore.avro.CrmOutcome;
import io.leadscore.avro.MqlEntry;
import io.leadscore.avro.SalesRep;

/** What reaches the router: a lead that just qualified, an outcome the CRM reported, or a change of the roster. */
sealed interface RoutingInput {

  record NewMql(MqlEntry entry) implements RoutingInput {
  }

  record Outcome(CrmOutcome outcome) implements RoutingInput {
  }

  /** A rep joined or changed ({@code rep} set), or left (null). */
  record RosterChange(SalesRep rep) implements RoutingInput {
  }
}
