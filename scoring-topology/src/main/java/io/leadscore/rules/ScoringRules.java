package io.leadscore.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A versioned rules file: what earns points, what fits, how scores fade, the stages of the funnel, who gets the
 * qualified leads, and how leads roll up to accounts.
 */
public record ScoringRules(
    String version, InputPolicy input, EngagementRules engagement, FitRules fit, List<Modifier> modifiers,
    Stages stages, Routing routing, Lifecycle lifecycle, AccountRules accounts) {

  public ScoringRules {
    if (version == null || version.isBlank()) {
      throw new RuleProblem("version", "name the version of these rules; it is stamped on every score");
    }
    input = input == null ? InputPolicy.DEFAULT : input;
    engagement = engagement == null ? new EngagementRules(null, null, null) : engagement;
    if (fit == null) {
      throw new RuleProblem("fit", "needs at least the grade thresholds");
    }
    if (stages == null) {
      throw new RuleProblem("stages", "needs the stages of the funnel");
    }
    modifiers = modifiers == null ? List.of() : List.copyOf(modifiers);
    routing = routing == null ? Routing.NONE : routing;
    accounts = accounts == null ? AccountRules.NONE : accounts;
    lifecycle = (lifecycle == null ? Lifecycle.DEFAULT : lifecycle).withDefaults(stages.at(0).id());
    Map<String, Recycle> recycles = Map.of("rejected", lifecycle.rejected(), "recycled", lifecycle.recycled(),
        "lost", lifecycle.lost());
    for (Map.Entry<String, Recycle> recycle : recycles.entrySet()) {
      if (stages.indexOf(recycle.getValue().stage()) < 0) {
        throw new RuleProblem("lifecycle." + recycle.getKey() + ".stage",
            "'" + recycle.getValue().stage() + "' is not a stage id");
      }
    }
    if (stages.indexOf(lifecycle.customerStage()) >= 0) {
      throw new RuleProblem("lifecycle.customerStage", "'" + lifecycle.customerStage()
          + "' is a stage of the funnel; customers leave it");
    }
    for (int i = 0; i < routing.rules().size(); i++) {
      for (String interest : routing.rules().get(i).interestedIn()) {
        if (engagement.rules().stream().noneMatch(r -> r.id().equals(interest))) {
          throw new RuleProblem("routing.rules[" + i + "].interestedIn",
              "'" + interest + "' is not an engagement rule id");
        }
      }
    }
    // Explanations name rules by id, so an id means one rule across the whole file.
    List<String> taken = new ArrayList<>();
    engagement.rules().forEach(r -> taken.add(r.id()));
    RuleIds.requireUnique("fit.rules", fit.rules(), FitRule::id, taken);
    fit.rules().forEach(r -> taken.add(r.id()));
    RuleIds.requireUnique("modifiers", modifiers, Modifier::id, taken);
  }
}
