package io.leadscore.topology;

import io.leadscore.avro.CrmOutcome;
import io.leadscore.avro.CrmOutcomeType;
import io.leadscore.avro.SalesRep;

/** What else makes a CRM outcome or a sales rep unusable, beyond its key and sizes. */
final class InputChecks {

  private InputChecks() {
  }

  static String outcomeProblem(CrmOutcome outcome) {
    return outcome.getOutcome() == CrmOutcomeType.UNKNOWN ? "unknown CRM outcome" : null;
  }

  static String salesRepProblem(SalesRep rep) {
    if (rep.getName().isBlank()) {
      return "sales rep has no name";
    }
    if (rep.getTeam().isBlank()) {
      return "sales rep has no team";
    }
    if (rep.getWeight() < 1) {
      return "sales rep weight " + rep.getWeight() + " is not a positive whole number";
    }
    if (rep.getCapacity() != null && rep.getCapacity() < 0) {
      return "sales rep capacity " + rep.getCapacity() + " is negative";
    }
    return null;
  }
}
