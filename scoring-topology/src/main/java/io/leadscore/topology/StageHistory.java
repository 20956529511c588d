package io.leadscore.topology;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A lead's most recent stage moves, newest first. */
public record StageHistory(List<StageMove> moves) {

  static final int KEPT = 10;

  public StageHistory {
    moves = moves == null ? List.of() : List.copyOf(moves);
  }

  /** Both histories' moves, newest first, as many as are kept; {@code other} may be null. */
  StageHistory joined(StageHistory other) {
    List<StageMove> all = new ArrayList<>(moves);
    if (other != null) {
      all.addAll(other.moves);
    }
    all.sort(Comparator.comparing((StageMove move) -> Instant.parse(move.at())).reversed());
    return new StageHistory(all.subList(0, Math.min(KEPT, all.size())));
  }

  StageHistory with(StageMove move) {
    List<StageMove> kept = new ArrayList<>(KEPT);
    kept.add(move);
    moves.stream().limit(KEPT - 1).forEach(kept::add);
    return new StageHistory(kept);
  }
}
