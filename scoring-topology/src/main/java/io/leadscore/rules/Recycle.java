package io.leadscore.rules;

/** What a CRM outcome that hands a lead back to marketing does: the stage it drops to and the engagement it keeps. */
public record Recycle(String stage, Double keepEngagement) {

  public Recycle {
    if (stage == null || stage.isBlank()) {
      throw new RuleProblem("stage", "name the stage the lead drops to");
    }
    keepEngagement = keepEngagement == null ? 0.0 : keepEngagement;
    if (keepEngagement < 0 || keepEngagement > 1) {
      throw new RuleProblem("keepEngagement", "is a share from 0 (reset) to 1 (keep all), was " + keepEngagement);
    }
  }
}
