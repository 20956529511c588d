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

  /**
   * A 64-bit fingerprint of what the card shows but its time: scores, grade, stage, profile, rules version, last
   * activity and every reason. Equal cards have equal fingerprints; a lead's score is published again only when its
   * fingerprint changes.
   */
  public long fingerprint() {
    Fingerprint print = new Fingerprint()
        .add(engagement).add(fit).add(score).add(grade.ordinal()).add(stage.id().hashCode())
        .add(profileKnown ? 1 : 0).add(rulesVersion.hashCode())
        .add(lastActivityAt == null ? Long.MIN_VALUE : lastActivityAt);
    for (List<Reason> list : List.of(reasons, fitReasons)) {
      print.add(list.size());
      for (Reason reason : list) {
        print.add(reason.ruleId().hashCode()).add(reason.points());
      }
    }
    return print.value();
  }

  /** FNV-1a over 64-bit words, with a final avalanche so that nearby inputs spread. */
  private static final class Fingerprint {
    private long hash = 0xcbf29ce484222325L;

    Fingerprint add(long word) {
      hash = (hash ^ word) * 0x100000001b3L;
      return this;
    }

    Fingerprint add(double value) {
      return add(Double.doubleToLongBits(value));
    }

    long value() {
      long h = hash;
      h ^= h >>> 33;
      h *= 0xff51afd7ed558ccdL;
      h ^= h >>> 33;
      h *= 0xc4ceb9fe1a85ec53L;
      return h ^ (h >>> 33);
    }
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
