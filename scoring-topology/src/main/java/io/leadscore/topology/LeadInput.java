package io.leadscore.topology;

import io.leadscore.avro.CrmOutcome;
import io.leadscore.avro.LeadProfile;
import io.leadscore.score.Activity;

/** What reaches the scorer: a new activity, a changed (or deleted, when null) CRM profile, or a CRM outcome. */
sealed interface LeadInput {

  record ActivityInput(Activity activity) implements LeadInput {
  }

  record ProfileInput(LeadProfile profile) implements LeadInput {
  }

  record OutcomeInput(CrmOutcome outcome) implements LeadInput {
  }
}
