package io.leadscore.topology;

import io.leadscore.avro.AccountStageChange;
import io.leadscore.avro.CrmOutcome;
import io.leadscore.avro.LeadAction;
import io.leadscore.avro.MqlEntry;
import io.leadscore.avro.SalesRep;

/**
 * What reaches the router: a lead that just qualified, an outcome the CRM reported, a change of the roster, an alert
 * for the account's owner, or an account that just qualified.
 */
sealed interface RoutingInput {

  record NewMql(MqlEntry entry) implements RoutingInput {
  }

  record Outcome(CrmOutcome outcome) implements RoutingInput {
  }

  /** A rep joined or changed ({@code rep} set), or left (null). */
  record RosterChange(SalesRep rep) implements RoutingInput {
  }

  /** A lead entered a stage that alerts its account's owner; the router finds who that is. */
  record OwnerAlert(LeadAction action) implements RoutingInput {
  }

  /** An account became an MQA: the change that made it one. */
  record NewMqa(AccountStageChange change) implements RoutingInput {
  }
}
