package io.leadscore.rules;

/**
 * Points for an activity. {@code on} matches the activity kind ({@code channel.type}, such as {@code web.page_view});
 * {@code when} matches its attributes.
 */
public record EngagementRule(
    String id, String description, Glob on, Criteria when, Double points, Frequency frequency, Cap cap) {

  public EngagementRule {
    id = RuleIds.require(id);
    if (on == null) {
      throw new RuleProblem("on", "names the activity kind it scores, for example web.page_view or email.*");
    }
    RuleIds.requirePoints(points);
    when = when == null ? Criteria.ANY : when;
    frequency = frequency == null ? Frequency.EVERY : frequency;
    description = description == null ? id : description;
    if (frequency == Frequency.ONCE && cap != null) {
      throw new RuleProblem("cap", "a rule scored once needs no cap");
    }
  }

  public boolean matches(String kind, Attributes attributes) {
    return on.matches(kind) && when.matches(attributes);
  }
}
