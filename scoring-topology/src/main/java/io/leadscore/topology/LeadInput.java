package io.leadscore.topology;

import io.leadscore.avro.CrmOutcome;
import io.leadscore.avro.LeadMerge;
import io.leadscore.avro.LeadProfile;
import io.leadscore.avro.PromotedLead;
import io.leadscore.score.Activity;

/**
 * What reaches the scorer: a new activity, a changed (or deleted, when null) CRM profile, a CRM outcome, the promotion
 * of its rules version, activity of a visitor identified as the lead or of a lead merged into it, the merge of this
 * lead into another, or the history of a lead merged into this one.
 */
sealed interface LeadInput {

  record ActivityInput(Activity activity) implements LeadInput {
  }

  record ProfileInput(LeadProfile profile) implements LeadInput {
  }

  record OutcomeInput(CrmOutcome outcome) implements LeadInput {
  }

  record PromotionInput(PromotedLead lead) implements LeadInput {
  }

  record CreditInput(LeadTransfer.Credit credit) implements LeadInput {
  }

  record MergeInput(LeadMerge merge) implements LeadInput {
  }

  record HandoverInput(LeadTransfer.Handover handover) implements LeadInput {
  }
}
