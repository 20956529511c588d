package io.leadscore.topology;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Counts per UTC day and name, for the dashboard's charts over time: stage entries in the scoring tasks, MQLs per rep
 * in the routing task. A key is the day, then the name ({@code 2026-11-27|up|hot}), so that days sort first and a span
 * of days is one range read. A handful of keys a day, kept as long as the store.
 */
public final class DailyCounts {

  private static final char SEPARATOR = '|';

  private final KeyValueStore<String, Long> store;

  DailyCounts(KeyValueStore<String, Long> store) {
    this.store = store;
  }

  void add(long time, String name) {
    String key = LocalDate.ofInstant(Instant.ofEpochMilli(time), ZoneOffset.UTC) + String.valueOf(SEPARATOR) + name;
    Long count = store.get(key);
    store.put(key, count == null ? 1 : count + 1);
  }

  /** The counts from day {@code from} to day {@code to}, both included: name, then day (ISO-8601), to count. */
  public static Map<String, Map<String, Long>> read(ReadOnlyKeyValueStore<String, Long> store, LocalDate from,
      LocalDate to) {
    Map<String, Map<String, Long>> counts = new TreeMap<>();
    // Every key of day `to` sorts before the separator's successor.
    try (KeyValueIterator<String, Long> days = store.range(from.toString(), to + String.valueOf(
        (char) (SEPARATOR + 1)))) {
      while (days.hasNext()) {
        KeyValue<String, Long> entry = days.next();
        int split = entry.key.indexOf(SEPARATOR);
        counts.computeIfAbsent(entry.key.substring(split + 1), name -> new TreeMap<>())
            .merge(entry.key.substring(0, split), entry.value, Long::sum);
      }
    }
    return counts;
  }
}
