package io.leadscore.score;

import io.leadscore.rules.Grade;
import io.leadscore.rules.Stage;
import java.util.Comparator;
import java.util.List;

/**
 * A lead's score at one moment, with every contribution: {@code reasons} sum to {@code score}, {@code fitReasons} to
 * {@code fit}.
 */
public record ScoreCard(
    String leadId, double engagement, double fit, double score, Grade grade, Stage stage, List<Reason> reasons,
    List<Reason> fitReasons, boolean profileKnown, String rulesVersion, long evaluatedAt, Long lastActivityAt) {

  /** Grade and whole points, as in "B5" or "D100". */
  public String label() {
    return grade.name() + (long) Math.floor(score);
  }

  /** The largest contributions by magnitude, zero ones left out. */
  public List<Reason> topReasons(int limit) {
    return reasons.stream()
        .filter(r -> r.points() != 0)
        .sorted(Comparator.comparingDouble((Reason r) -> -Math.abs(r.points())))
        .limit(limit)
        .toList();
  }
}
