package io.leadscore.rules;

/**
 * What CRM outcomes do to a lead. Rejected, recycled and lost leads drop to a stage with part of their engagement and
 * can requalify; won leads become customers and leave lead scoring. {@code null} entries take the first stage with
 * engagement reset (recycled) or halved (rejected, lost).
 */
public record Lifecycle(Recycle rejected, Recycle recycled, Recycle lost, String customerStage, String customerAction) {

  public static final Lifecycle DEFAULT = new Lifecycle(null, null, null, null, null);

  public Lifecycle {
    customerStage = customerStage == null ? "customer" : customerStage;
    customerAction = customerAction == null ? "Customer: account management owns the relationship" : customerAction;
  }

  /** Fills in the first stage where the rules leave it out. */
  Lifecycle withDefaults(String firstStage) {
    return new Lifecycle(
        rejected != null ? rejected : new Recycle(firstStage, 0.5),
        recycled != null ? recycled : new Recycle(firstStage, 0.0),
        lost != null ? lost : new Recycle(firstStage, 0.5),
        customerStage, customerAction);
  }
}
