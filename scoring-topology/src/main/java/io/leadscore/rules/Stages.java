package io.leadscore.rules;

import java.util.List;

/** The funnel, lowest stage first. The first stage takes every lead; each later one has a higher entry. */
public record Stages(ScoreBasis basis, List<Stage> levels) {

  public Stages {
    basis = basis == null ? ScoreBasis.ENGAGEMENT : basis;
    if (levels == null || levels.isEmpty()) {
      throw new RuleProblem("levels", "needs at least one stage");
    }
    levels = List.copyOf(levels);
    RuleIds.requireUnique("levels", levels, Stage::id, List.of());
    if (levels.get(0).entry() != null || !levels.get(0).requireGrades().isEmpty()) {
      throw new RuleProblem("levels[0]", "the first stage takes every lead: give it no entry and no grades");
    }
    for (int i = 1; i < levels.size(); i++) {
      Double entry = levels.get(i).entry();
      if (entry == null) {
        throw new RuleProblem("levels[" + i + "].entry", "every stage after the first needs an entry threshold");
      }
      Double below = levels.get(i - 1).entry();
      if (below != null && entry <= below) {
        throw new RuleProblem("levels[" + i + "].entry",
            "entry " + entry + " must be above the entry " + below + " of the stage below");
      }
    }
  }

  public Stage at(int index) {
    return levels.get(index);
  }

  public int indexOf(String id) {
    for (int i = 0; i < levels.size(); i++) {
      if (levels.get(i).id().equals(id)) {
        return i;
      }
    }
    return -1;
  }

  /** The stage a lead in stage {@code current} belongs to now ({@link Hysteresis#next}). */
  public int next(int current, double score, Grade grade) {
    return Hysteresis.next(levels, current, stage -> stage.canEnter(score, grade),
        stage -> stage.canStay(score, grade));
  }
}
