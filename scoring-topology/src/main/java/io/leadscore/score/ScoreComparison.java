package io.leadscore.score;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The live rules against a candidate, lead by lead: leads per stage and grade under each, how many leads the candidate
 * would move to a higher or a lower stage, the MQLs it would gain and lose, and the leads whose scores differ most.
 * Stages are ordered as the candidate's rules list them; a stage the candidate does not have counts as a change of
 * neither direction.
 */
public record ScoreComparison(
    Map<String, Map<String, Long>> live, Map<String, Map<String, Long>> candidate, long up, long down, long same,
    long otherStage, List<String> gained, List<String> lost, List<Difference> largest) {

  /** One lead under both versions. */
  public record Difference(String leadId, Standing live, Standing candidate) {
  }

  /** Leads scored by only one side (the shadow still catching up, say) are left out. */
  public static ScoreComparison of(Map<String, Standing> live, Map<String, Standing> candidate,
      List<String> stageOrder, int largest) {
    Set<String> both = new HashSet<>(live.keySet());
    both.retainAll(candidate.keySet());
    long up = 0;
    long down = 0;
    long same = 0;
    long other = 0;
    List<String> gained = new ArrayList<>();
    List<String> lost = new ArrayList<>();
    List<Difference> differences = new ArrayList<>();
    for (String lead : both) {
      Standing was = live.get(lead);
      Standing would = candidate.get(lead);
      int from = stageOrder.indexOf(was.stage());
      int to = stageOrder.indexOf(would.stage());
      if (was.stage().equals(would.stage())) {
        same++;
      } else if (from < 0 || to < 0) {
        other++;
      } else if (to > from) {
        up++;
      } else {
        down++;
      }
      if (would.qualified() && !was.qualified()) {
        gained.add(lead);
      } else if (was.qualified() && !would.qualified()) {
        lost.add(lead);
      }
      if (was.score() != would.score()) {
        differences.add(new Difference(lead, was, would));
      }
    }
    gained.sort(null);
    lost.sort(null);
    differences.sort(Comparator.comparingDouble((Difference d) -> -Math.abs(d.candidate().score() - d.live().score()))
        .thenComparing(Difference::leadId));
    return new ScoreComparison(distribution(live, both), distribution(candidate, both), up, down, same, other,
        gained, lost, differences.subList(0, Math.min(largest, differences.size())));
  }

  private static Map<String, Map<String, Long>> distribution(Map<String, Standing> standings, Set<String> leads) {
    Map<String, Map<String, Long>> counts = new TreeMap<>();
    for (String lead : leads) {
      Standing standing = standings.get(lead);
      counts.computeIfAbsent(standing.stage(), stage -> new TreeMap<>()).merge(standing.grade(), 1L, Long::sum);
    }
    return counts;
  }
}
