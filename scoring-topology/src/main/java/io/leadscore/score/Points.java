package io.leadscore.score;

/** Scores are kept to a millionth of a point, so that 100 x 0.7 is 70 and not 69.99999999999999. */
final class Points {

  private static final double SCALE = 1_000_000;

  private Points() {
  }

  static double round(double points) {
    return Math.round(points * SCALE) / SCALE;
  }
}
