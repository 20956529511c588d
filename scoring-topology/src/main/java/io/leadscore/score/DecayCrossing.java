package io.leadscore.score;

import io.leadscore.rules.Decay;

/**
 * Where decay takes a lead's score below a stage's exit, in closed form. Every contribution decays alike, so the
 * engagement at time t is, under exponential decay, E · 2^(-(t - last) / halfLife), and under linear decay E less the
 * points lost by each full period after the grace time, down to the floor. The score is that engagement (plus fit
 * points when stages use the total) times the modifiers' factors. This ignores one thing the score does: each
 * contribution is rounded to hundredths, which moves the exact crossing a little; the caller confirms it with exact
 * evaluations around the estimate.
 */
record DecayCrossing(long estimate, long halfWidth) {

  /** A contribution rounded to hundredths is off by at most half a hundredth. */
  private static final double ROUNDING = 0.005;
  private static final long MIN_HALF_WIDTH_MS = 1_000;

  /**
   * The estimated crossing and how far around it the exact one can lie, or null when there is no estimate (no
   * decay, or a score the floor keeps above the exit).
   *
   * @param last when the engagement was {@code engagement}
   * @param fit fit points counted in the score (0 when stages use engagement alone)
   * @param factor the product of the lead's modifiers' factors
   * @param contributions how many rounded terms the score sums: contributions, fit reasons and modifiers
   */
  static DecayCrossing of(Decay decay, double floor, long last, double engagement, double fit, double factor,
      int contributions, double exit) {
    double needed = exit / factor - fit;
    if (needed <= floor || engagement < needed || factor <= 0) {
      return null;
    }
    // What the rounded terms may add or take, in engagement points.
    double slack = ROUNDING * (contributions + 2) / factor;
    return switch (decay.type()) {
      case EXPONENTIAL -> {
        double halfLife = decay.halfLife().toMillis();
        long estimate = last + Math.round(halfLife * Math.log(engagement / needed) / Math.log(2));
        // Near the crossing the engagement falls by needed · ln 2 per half-life: time for the slack to pass.
        double halfWidth = slack * halfLife / (needed * Math.log(2));
        yield new DecayCrossing(estimate, Math.max(MIN_HALF_WIDTH_MS, (long) Math.ceil(halfWidth)));
      }
      case LINEAR -> {
        long every = decay.every().toMillis();
        long periods = (long) Math.floor((engagement - needed) / decay.points()) + 1;
        long periodsOfSlack = (long) Math.ceil(slack / decay.points());
        yield new DecayCrossing(last + decay.after().toMillis() + periods * every,
            Math.max(MIN_HALF_WIDTH_MS, (periodsOfSlack + 1) * every));
      }
      case NONE -> null;
    };
  }
}
