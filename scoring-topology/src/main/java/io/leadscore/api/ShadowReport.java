package io.leadscore.api;

import io.leadscore.score.ScoreComparison;
import io.leadscore.score.Standing;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A candidate rules version scored in the shadow against the live rules, lead by lead, as the API, the dashboard and
 * {@code leadscore rules compare} show it: leads per stage and grade under each, moves up and down, MQLs gained and
 * lost, and the leads whose scores differ most with both explanations. Only leads both sides scored are compared.
 */
public record ShadowReport(
    String version, String comparedAt, long compared, long liveOnly, long candidateOnly, List<String> grades,
    List<StageRow> stages, long up, long down, long same, long otherStage, Leads mqlsGained, Leads mqlsLost,
    List<ScoreComparison.Difference> largest) {

  /** Leads in one stage per grade, live and under the candidate. */
  public record StageRow(String stage, Map<String, Long> live, Map<String, Long> candidate) {
  }

  /** How many, and the first of them by id. */
  public record Leads(int count, List<String> leads) {

    static Leads of(List<String> all, int shown) {
      return new Leads(all.size(), List.copyOf(all.subList(0, Math.min(shown, all.size()))));
    }
  }

  /** The report with only the {@code top} largest differences. */
  public ShadowReport withLargest(int top) {
    return top >= largest.size() ? this : new ShadowReport(version, comparedAt, compared, liveOnly, candidateOnly,
        grades, stages, up, down, same, otherStage, mqlsGained, mqlsLost, largest.subList(0, top));
  }

  /** Grades as the API and the dashboard list them. */
  public static final List<String> GRADES = List.of("A", "B", "C", "D");

  /** Lead ids listed per side of gained and lost MQLs; the counts are whole. */
  static final int LEADS_SHOWN = 500;

  /**
   * The report for {@code version}; rows follow {@code stageOrder} (the candidate's stages), then any stage only the
   * live rules have.
   */
  public static ShadowReport of(String version, Instant now, List<String> stageOrder, Map<String, Standing> live,
      Map<String, Standing> candidate, ScoreComparison comparison) {
    Set<String> shown = new LinkedHashSet<>(stageOrder);
    shown.addAll(comparison.live().keySet());
    List<StageRow> rows = new ArrayList<>();
    for (String stage : shown) {
      Map<String, Long> was = comparison.live().getOrDefault(stage, Map.of());
      Map<String, Long> would = comparison.candidate().getOrDefault(stage, Map.of());
      if (!was.isEmpty() || !would.isEmpty()) {
        rows.add(new StageRow(stage, was, would));
      }
    }
    return new ShadowReport(version, now.toString(), comparison.same() + comparison.up() + comparison.down()
        + comparison.otherStage(), live.keySet().stream().filter(lead -> !candidate.containsKey(lead)).count(),
        candidate.keySet().stream().filter(lead -> !live.containsKey(lead)).count(), GRADES, List.copyOf(rows),
        comparison.up(), comparison.down(), comparison.same(), comparison.otherStage(),
        Leads.of(comparison.gained(), LEADS_SHOWN), Leads.of(comparison.lost(), LEADS_SHOWN), comparison.largest());
  }
}
