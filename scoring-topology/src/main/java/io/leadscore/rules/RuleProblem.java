package io.leadscore.rules;

/**
 * A rule that cannot work as written, raised while the rules file is read. {@code where} is the property path below the
 * object being built (for example {@code cap.max}), which {@link RulesLoader} joins to the object's own path and line.
 */
public class RuleProblem extends IllegalArgumentException {

  private final String where;

  public RuleProblem(String where, String message) {
    super(message);
    this.where = where;
  }

  public String where() {
    return where;
  }
}
