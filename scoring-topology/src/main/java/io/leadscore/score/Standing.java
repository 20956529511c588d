package io.leadscore.score;

import java.util.List;

/** Where a lead stands under one rules version, as its latest published score shows it. */
public record Standing(String stage, String grade, double score, String label, boolean qualified,
    List<String> reasons) {

  public Standing {
    reasons = List.copyOf(reasons);
  }
}
