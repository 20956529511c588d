package io.leadscore.rules;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Points for an activity. {@code on} matches the activity kind ({@code channel.type}, such as {@code web.page_view});
 * {@code when} matches its attributes.
 *
 * <p>A question rule ({@code question} and {@code answers} instead of {@code points}) scores the answer an activity
 * carries in the {@code question} attribute: each answer has its points, and a lead has one answer per question, the
 * latest in event time, which replaces the points of the answer before. Answers match whole, ignoring case.
 */
public record EngagementRule(
    String id, String description, Glob on, Criteria when, Double points, Frequency frequency, Cap cap,
    String question, Map<String, Double> answers) {

  /** What {@link #answerTo} gives for an activity without an answer this rule knows. */
  public static final int NO_ANSWER = -1;

  /**
   * Marks the contribution of a rule's events credited from before the lead was identified (an anonymous visitor's), kept
   * apart so the explanation can tell them; rule ids cannot contain {@code '@'}, so no rule's id ends so.
   */
  public static final String BEFORE_IDENTIFICATION = "@before-identification";

  public EngagementRule {
    id = RuleIds.require(id);
    if (on == null) {
      throw new RuleProblem("on", "names the activity kind it scores, for example web.page_view or email.*");
    }
    when = when == null ? Criteria.ANY : when;
    description = description == null ? id : description;
    if (question != null || answers != null) {
      if (question == null || question.isBlank()) {
        throw new RuleProblem("question", "name the attribute that holds the answer, for example answer.budget");
      }
      if (answers == null || answers.isEmpty()) {
        throw new RuleProblem("answers", "give the points of each answer, for example { \"yes\": 20, \"no\": 5 }");
      }
      for (Map.Entry<String, Double> answer : answers.entrySet()) {
        if (answer.getValue() == null) {
          throw new RuleProblem("answers." + answer.getKey(), "give the points of this answer");
        }
      }
      if (points != null || frequency != null || cap != null) {
        throw new RuleProblem(points != null ? "points" : frequency != null ? "frequency" : "cap",
            "a question scores its latest answer's points: give them under answers, with no points, frequency or cap");
      }
      answers = Collections.unmodifiableMap(new LinkedHashMap<>(answers));
    } else {
      RuleIds.requirePoints(points);
    }
    frequency = frequency == null ? Frequency.EVERY : frequency;
    if (frequency == Frequency.ONCE && cap != null) {
      throw new RuleProblem("cap", "a rule scored once needs no cap");
    }
  }

  public boolean matches(String kind, Attributes attributes) {
    return on.matches(kind) && when.matches(attributes);
  }

  public boolean isQuestion() {
    return question != null;
  }

  /** The position of the activity's answer among {@link #answers}, or {@link #NO_ANSWER}. */
  public int answerTo(Attributes attributes) {
    String value = attributes.values().get(question);
    if (value == null) {
      return NO_ANSWER;
    }
    String answer = value.trim();
    int index = 0;
    for (String known : answers.keySet()) {
      if (known.equalsIgnoreCase(answer)) {
        return index;
      }
      index++;
    }
    return NO_ANSWER;
  }

  /** The answer at {@code index} with its points, as written in the rules. */
  public Map.Entry<String, Double> answer(int index) {
    return answers.entrySet().stream().skip(index).findFirst().orElseThrow();
  }
}
