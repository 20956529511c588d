package io.leadscore.topology;

import io.leadscore.score.LeadState;
import org.apache.kafka.streams.state.KeyValueStore;

/** Keeps the number of a task's leads per stage and grade, for the distribution the API reports. */
final class StageGradeCounter {

  private final KeyValueStore<String, Long> counts;

  StageGradeCounter(KeyValueStore<String, Long> counts) {
    this.counts = counts;
  }

  /** A lead moved from {@code before} (null or ungraded: a new lead) to {@code after} (null: merged away). */
  void moved(LeadState before, LeadState after) {
    String was = before == null || before.grade() == null ? null
        : StageGradeCounts.key(before.stage(), before.grade().name());
    String is = after == null ? null : StageGradeCounts.key(after.stage(), after.grade().name());
    if (is != null && is.equals(was)) {
      return;
    }
    if (was != null) {
      Long count = counts.get(was);
      counts.put(was, count == null || count <= 1 ? null : count - 1);
    }
    if (is != null) {
      Long count = counts.get(is);
      counts.put(is, count == null ? 1 : count + 1);
    }
  }
}
