package io.leadscore.rules;

import java.util.List;

/**
 * What CRM outcomes do to a lead. Rejected, recycled and lost leads drop to a stage with part of their engagement and
 * can requalify; won leads become customers and leave lead scoring. {@code null} entries take the first stage with
 * engagement reset (recycled) or halved (rejected, lost). {@code engagementBands} are the lower bounds of the bands
 * that effectiveness reports group MQLs in by their engagement at qualification.
 */
public record Lifecycle(Recycle rejected, Recycle recycled, Recycle lost, String customerStage, String customerAction,
    List<Double> engagementBands) {

  static final List<Double> DEFAULT_BANDS = List.of(100.0, 150.0, 200.0, 250.0);
  public static final Lifecycle DEFAULT = new Lifecycle(null, null, null, null, null, null);

  public Lifecycle {
    customerStage = customerStage == null ? "customer" : customerStage;
    customerAction = customerAction == null ? "Customer: account management owns the relationship" : customerAction;
    engagementBands = engagementBands == null ? DEFAULT_BANDS : List.copyOf(engagementBands);
    if (engagementBands.isEmpty()) {
      throw new RuleProblem("engagementBands", "needs at least one bound");
    }
    for (int i = 0; i < engagementBands.size(); i++) {
      double bound = engagementBands.get(i);
      if (!Double.isFinite(bound) || (i > 0 && bound <= engagementBands.get(i - 1))) {
        throw new RuleProblem("engagementBands[" + i + "]", "bounds must be finite and rise, was " + bound
            + (i > 0 ? " after " + engagementBands.get(i - 1) : ""));
      }
    }
  }

  /** Fills in the first stage where the rules leave it out. */
  Lifecycle withDefaults(String firstStage) {
    return new Lifecycle(
        rejected != null ? rejected : new Recycle(firstStage, 0.5),
        recycled != null ? recycled : new Recycle(firstStage, 0.0),
        lost != null ? lost : new Recycle(firstStage, 0.5),
        customerStage, customerAction, engagementBands);
  }
}
