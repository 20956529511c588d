package io.leadscore.topology;

import io.leadscore.score.SeenEvent;
import java.time.Duration;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Ids of the events a busy lead's state let go of while they are still inside the deduplication window, asked only for
 * such a lead. Each id is kept under the start of its time's bucket, buckets being as long as the window, with its
 * event time as the value: an id within the window of an event's time can only be in that time's bucket or the ones
 * either side, so a check is at most three point lookups, each of which RocksDB's bloom filters mostly answer without
 * reading data, where a range fetch over the window opened an iterator in every segment.
 */
final class SpilledEventIds {

  private final WindowStore<String, Long> store;
  private final long windowMs;

  SpilledEventIds(WindowStore<String, Long> store, Duration deduplicationWindow) {
    this.store = store;
    this.windowMs = deduplicationWindow.toMillis();
  }

  /**
   * What the store must keep: an id is stored up to a window before its time, and must be found from events up to a
   * window after it.
   */
  static Duration retention(Duration deduplicationWindow) {
    return deduplicationWindow.multipliedBy(2);
  }

  void put(String leadId, SeenEvent event) {
    store.put(key(leadId, event.eventHash()), event.time(), bucket(event.time()) * windowMs);
  }

  /** Whether the lead let go of this id at a time within the window of {@code time}, none of them after {@code through}. */
  boolean contains(String leadId, long eventHash, long time, long through) {
    String key = key(leadId, eventHash);
    long last = Math.min(bucket(time) + 1, bucket(through));
    for (long bucket = Math.max(0, bucket(time) - 1); bucket <= last; bucket++) {
      Long seen = store.fetch(key, bucket * windowMs);
      if (seen != null && Math.abs(seen - time) <= windowMs) {
        return true;
      }
    }
    return false;
  }

  private long bucket(long time) {
    return Math.floorDiv(time, windowMs);
  }

  /** The lead's id, length first so that no two (lead, event) pairs share a key, then the event id's hash. */
  static String key(String leadId, long eventHash) {
    return leadId.length() + ":" + leadId + ":" + Long.toHexString(eventHash);
  }
}
