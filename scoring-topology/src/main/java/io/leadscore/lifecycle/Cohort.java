package io.leadscore.lifecycle;

import java.util.List;

/**
 * MQLs whose conversions are counted together: those qualified under one rules version that share one value of one
 * dimension, such as grade A or engagement band 2. The dimension {@value #ALL} has one value and counts every MQL of
 * the version.
 */
public record Cohort(String rulesVersion, String dimension, String value) {

  public static final String ALL = "all";
  public static final String GRADE = "grade";
  public static final String BAND = "band";
  /** Grade and band together, as in the A1…D4 matrix. */
  public static final String GRADE_BAND = "grade-band";
  public static final String INTEREST = "interest";
  public static final String CHANNEL = "channel";

  /** Every dimension, in the order reports list them. */
  public static final List<String> DIMENSIONS = List.of(ALL, GRADE, BAND, GRADE_BAND, INTEREST, CHANNEL);

  /** The value of an MQL without a top interest (no engagement rule had given it points). */
  static final String NO_INTEREST = "none";
  /** The channel of an MQL that a profile change qualified. */
  static final String PROFILE = "profile";

  /** The cohorts a lead qualified with {@code snapshot} belongs to, one per dimension. */
  static List<Cohort> of(Qualification snapshot, EngagementBands bands) {
    String version = snapshot.rulesVersion();
    String grade = snapshot.grade().name();
    String band = String.valueOf(bands.of(snapshot.engagement()));
    return List.of(
        new Cohort(version, ALL, ""),
        new Cohort(version, GRADE, grade),
        new Cohort(version, BAND, band),
        new Cohort(version, GRADE_BAND, grade + band),
        new Cohort(version, INTEREST, snapshot.topInterest() == null ? NO_INTEREST : snapshot.topInterest()),
        new Cohort(version, CHANNEL, snapshot.channel() == null ? PROFILE : snapshot.channel()));
  }
}
