package io.leadscore.topology;

import io.leadscore.avro.CrmOutcome;
import io.leadscore.avro.CrmOutcomeType;

/** Checks CRM outcomes before they are acted on; a bad one goes to the dead-letter topic with the reason. */
final class CrmOutcomes {

  private CrmOutcomes() {
  }

  static CrmOutcome validated(String key, CrmOutcome outcome) {
    if (outcome == null) {
      throw new InvalidInputException("CRM outcome record has no value");
    }
    if (key == null || key.isBlank() || !key.equals(outcome.getLeadId())) {
      throw new InvalidInputException("leadId '" + outcome.getLeadId() + "' does not match the record key '" + key
          + "'");
    }
    if (outcome.getOutcome() == CrmOutcomeType.UNKNOWN) {
      throw new InvalidInputException("unknown CRM outcome");
    }
    return outcome;
  }
}
