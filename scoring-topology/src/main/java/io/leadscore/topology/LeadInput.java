package io.leadscore.topology;

import io.leadscore.avro.LeadProfile;
import io.leadscore.score.Activity;

/** What reaches the scorer: a new activity, or a changed (or deleted, when null) CRM profile. */
sealed interface LeadInput {

  record ActivityInput(Activity activity) implements LeadInput {
  }

  record ProfileInput(LeadProfile profile) implements LeadInput {
  }
}
