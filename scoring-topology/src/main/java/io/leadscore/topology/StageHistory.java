package io.leadscore.topology;

import java.util.ArrayList;
import java.util.List;

/** A lead's most recent stage moves, newest first. */
public record StageHistory(List<StageMove> moves) {

  static final int KEPT = 10;

  public StageHistory {
    moves = moves == null ? List.of() : List.copyOf(moves);
  }

  StageHistory with(StageMove move) {
    List<StageMove> kept = new ArrayList<>(KEPT);
    kept.add(move);
    moves.stream().limit(KEPT - 1).forEach(kept::add);
    return new StageHistory(kept);
  }
}
