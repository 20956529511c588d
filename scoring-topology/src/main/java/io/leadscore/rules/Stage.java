package io.leadscore.rules;

import java.util.List;

/**
 * A step of the funnel. A lead enters at {@code entry} points (and one of {@code requireGrades}, if given) and leaves
 * only below {@code exit}, so a score hovering at a threshold does not flap. Besides its {@code action}, in words, a
 * stage can make entering it do something: {@code alert} a seller ({@value #OWNER}: the account's owner, else the team
 * the routing rules pick; or the name of a team), or start a marketing {@code campaign}. A qualified stage routes its
 * leads to sales.
 */
public record Stage(
    String id, String description, Double entry, Double exit, List<Grade> requireGrades, Boolean qualified,
    String action, String alert, String campaign) {

  /** The {@code alert} that goes to the account's owner, or to the team the routing rules pick. */
  public static final String OWNER = "owner";

  public Stage {
    if (id == null || id.isBlank()) {
      throw new RuleProblem("id", "every stage needs an id");
    }
    exit = exit == null ? entry : exit;
    if (entry != null && exit > entry) {
      throw new RuleProblem("exit", "exit " + exit + " is above entry " + entry + "; a lead would leave as it enters");
    }
    requireGrades = requireGrades == null ? List.of() : List.copyOf(requireGrades);
    qualified = qualified != null && qualified;
    description = description == null ? id : description;
    if (action == null || action.isBlank()) {
      throw new RuleProblem("action", "say what sales or marketing should do with a lead in this stage");
    }
    if (alert != null && alert.isBlank()) {
      throw new RuleProblem("alert", "name a team, or say owner for the account's owner");
    }
    if (campaign != null && campaign.isBlank()) {
      throw new RuleProblem("campaign", "name the campaign's id");
    }
    if (alert != null && campaign != null) {
      throw new RuleProblem("campaign", "a stage either alerts or starts a campaign: give one of them");
    }
    if (alert != null && qualified) {
      throw new RuleProblem("alert", "a qualified stage routes its leads to sales already; alert in a stage below it");
    }
  }

  /** Whether entering the stage does something besides showing its action: an alert or a campaign. */
  public boolean acts() {
    return alert != null || campaign != null;
  }

  public boolean admits(Grade grade) {
    return requireGrades.isEmpty() || requireGrades.contains(grade);
  }

  public boolean canEnter(double score, Grade grade) {
    return (entry == null || score >= entry) && admits(grade);
  }

  public boolean canStay(double score, Grade grade) {
    return (exit == null || score >= exit) && admits(grade);
  }
}
