package io.leadscore.score;

/**
 * Scores are kept to a hundredth of a point: 100 x 0.7 is 70, not 69.99999999999999, and 110 points decayed for a
 * millisecond still read as 110 rather than a label of 109.
 */
public final class Points {

  private static final double SCALE = 100;

  private Points() {
  }

  public static double round(double points) {
    return Math.round(points * SCALE) / SCALE;
  }
}
