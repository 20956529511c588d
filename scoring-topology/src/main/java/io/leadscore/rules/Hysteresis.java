package io.leadscore.rules;

import java.util.List;
import java.util.function.Predicate;

/** Moving between ordered stages that are entered at one threshold and left below a lower one, for leads and accounts. */
public final class Hysteresis {

  private Hysteresis() {
  }

  /**
   * The stage something in stage {@code current} belongs to now: the highest stage it can enter if that is higher;
   * otherwise the current stage if it can stay; otherwise the highest lower stage it can stay in; the first stage
   * takes anything.
   */
  public static <S> int next(List<S> stages, int current, Predicate<S> canEnter, Predicate<S> canStay) {
    for (int i = stages.size() - 1; i > current; i--) {
      if (canEnter.test(stages.get(i))) {
        return i;
      }
    }
    for (int i = current; i > 0; i--) {
      if (canStay.test(stages.get(i))) {
        return i;
      }
    }
    return 0;
  }
}
