package io.leadscore.topology;

import io.leadscore.avro.LeadMerge;

/** Where an input for a lead goes once merges are applied: to this lead, to the lead it was merged into, or away. */
sealed interface LeadRoute {

  /** For the lead itself, scored in this task. */
  record Local(LeadInput input) implements LeadRoute {
  }

  /** For another lead, keyed by it: the lead this one was merged into. */
  record Transfer(LeadTransfer transfer) implements LeadRoute {
  }

  /**
   * A lead merged into this one earlier follows it, now that this one was merged too: sent, keyed by that lead, to
   * {@code leadscore.lead-merges} for its own task.
   */
  record Remerge(LeadMerge merge) implements LeadRoute {
  }

  /** The lead was merged away: its score is deleted, and it leaves its account (null for none). */
  record Deleted(String account) implements LeadRoute {
  }
}
