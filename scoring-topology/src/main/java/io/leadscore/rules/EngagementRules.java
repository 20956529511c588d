package io.leadscore.rules;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Points for activity, their decay, and the floor no engagement score goes below. */
public record EngagementRules(Decay decay, Double floor, List<EngagementRule> rules) {

  public EngagementRules {
    decay = decay == null ? Decay.NONE : decay;
    floor = floor == null ? 0.0 : floor;
    // A negative floor would let decay raise a negative score, and the decay index relies on decay only lowering it.
    if (floor < 0) {
      throw new RuleProblem("floor", "cannot be negative, was " + floor);
    }
    rules = rules == null ? List.of() : List.copyOf(rules);
    RuleIds.requireUnique("rules", rules, EngagementRule::id, List.of());
  }

  public Map<String, EngagementRule> byId() {
    return rules.stream().collect(Collectors.toUnmodifiableMap(EngagementRule::id, Function.identity()));
  }
}
