package io.leadscore.topology;

import io.leadscore.score.Activity;
import java.time.Duration;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Drops an event whose id the same lead already sent within the deduplication window of its event time, and counts it
 * ({@code duplicates-dropped}). Ids are per lead: two leads' events never drop each other, whatever their ids. They
 * live in a window store, so memory is bounded by the window; a duplicate older than that is scored again.
 */
final class EventDeduplicator implements FixedKeyProcessor<String, Activity, Activity> {

  private final String storeName;
  private final long windowMs;
  private FixedKeyProcessorContext<String, Activity> context;
  private WindowStore<String, Long> seen;
  private Sensor duplicates;

  EventDeduplicator(String storeName, Duration window) {
    this.storeName = storeName;
    this.windowMs = window.toMillis();
  }

  @Override
  public void init(FixedKeyProcessorContext<String, Activity> context) {
    this.context = context;
    this.seen = context.getStateStore(storeName);
    this.duplicates = ScoringSensors.duplicatesDropped(context.metrics(), context.taskId().toString());
  }

  @Override
  public void process(FixedKeyRecord<String, Activity> record) {
    Activity activity = record.value();
    String key = key(record.key(), activity.eventId());
    long time = activity.eventTime();
    try (WindowStoreIterator<Long> earlier = seen.fetch(key, Math.max(0, time - windowMs), time + windowMs)) {
      if (earlier.hasNext()) {
        duplicates.record();
        return;
      }
    }
    seen.put(key, time, time);
    context.forward(record);
  }

  /** The lead's id, length first so that no two (lead, event) pairs share a key, then the event's. */
  static String key(String leadId, String eventId) {
    return leadId.length() + ":" + leadId + ":" + eventId;
  }
}
