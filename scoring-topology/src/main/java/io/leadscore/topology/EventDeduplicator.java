package io.leadscore.topology;

import io.leadscore.score.Activity;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops an event whose id was seen within the deduplication window of its event time. Ids live in a window store, so
 * memory is bounded by the window; a duplicate older than that is scored again.
 */
final class EventDeduplicator implements FixedKeyProcessor<String, Activity, Activity> {

  private static final Logger log = LoggerFactory.getLogger(EventDeduplicator.class);

  private final String storeName;
  private final long windowMs;
  private FixedKeyProcessorContext<String, Activity> context;
  private WindowStore<String, Long> seen;

  EventDeduplicator(String storeName, Duration window) {
    this.storeName = storeName;
    this.windowMs = window.toMillis();
  }

  @Override
  public void init(FixedKeyProcessorContext<String, Activity> context) {
    this.context = context;
    this.seen = context.getStateStore(storeName);
  }

  @Override
  public void process(FixedKeyRecord<String, Activity> record) {
    Activity activity = record.value();
    long time = activity.eventTime();
    try (WindowStoreIterator<Long> earlier =
        seen.fetch(activity.eventId(), Math.max(0, time - windowMs), time + windowMs)) {
      if (earlier.hasNext()) {
        log.debug("dropping duplicate event {} of lead {}", activity.eventId(), record.key());
        return;
      }
    }
    seen.put(activity.eventId(), time, time);
    context.forward(record);
  }
}
