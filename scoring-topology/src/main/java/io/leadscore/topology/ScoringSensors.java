package io.leadscore.topology;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.Sensor.RecordingLevel;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * leadscore's counters, as Kafka Streams custom sensors (group {@code stream-leadscore-metrics}, one set per task), so
 * they reach every metrics reporter and Micrometer binder that Kafka Streams' own metrics reach.
 */
final class ScoringSensors {

  private static final String SCOPE = "leadscore";

  private final Sensor eventsScored;
  private final Sensor stageUps;
  private final Sensor stageDowns;
  private final Sensor mqls;
  private final Sensor decayCheck;

  ScoringSensors(StreamsMetrics metrics, String taskId) {
    eventsScored = metrics.addRateTotalSensor(SCOPE, taskId, "events-scored", RecordingLevel.INFO);
    stageUps = metrics.addRateTotalSensor(SCOPE, taskId, "stage-changes-up", RecordingLevel.INFO);
    stageDowns = metrics.addRateTotalSensor(SCOPE, taskId, "stage-changes-down", RecordingLevel.INFO);
    mqls = metrics.addRateTotalSensor(SCOPE, taskId, "mqls", RecordingLevel.INFO);
    decayCheck = metrics.addLatencyRateTotalSensor(SCOPE, taskId, "decay-check", RecordingLevel.INFO);
  }

  /** Events dropped as duplicates of one the same lead sent before; kept by the deduplicator. */
  static Sensor duplicatesDropped(StreamsMetrics metrics, String taskId) {
    return metrics.addRateTotalSensor(SCOPE, taskId, "duplicates-dropped", RecordingLevel.INFO);
  }

  void eventScored() {
    eventsScored.record();
  }

  void stageChanged(boolean up, boolean qualified) {
    (up ? stageUps : stageDowns).record();
    if (qualified) {
      mqls.record();
    }
  }

  /** How long one decay punctuation took, in milliseconds. */
  void decayChecked(long millis) {
    decayCheck.record(millis);
  }
}
