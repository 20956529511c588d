package io.leadscore.topology;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The last {@code capacity} entries a task appended, under increasing sequence numbers, for the API's feeds. The next
 * number is read from the store once, when the processor starts (after its stores are restored), so the log continues
 * where its changelog left off after a restore or a move to another instance. Not per append: finding the newest key
 * seeks past the tombstones of every trimmed entry, which RocksDB keeps until it compacts them.
 */
public final class RecentLog<V> {

  private final KeyValueStore<Long, V> store;
  private final int capacity;
  private long next;

  RecentLog(KeyValueStore<Long, V> store, int capacity) {
    this.store = store;
    this.capacity = capacity;
    try (KeyValueIterator<Long, V> newest = store.reverseAll()) {
      this.next = newest.hasNext() ? newest.next().key + 1 : 0;
    }
  }

  void append(V entry) {
    store.put(next, entry);
    store.delete(next - capacity);
    next++;
  }

  /** Up to {@code limit} entries of the log in {@code store}, newest first. */
  public static <V> List<V> newest(ReadOnlyKeyValueStore<Long, V> store, int limit) {
    List<V> entries = new ArrayList<>();
    try (KeyValueIterator<Long, V> it = store.reverseAll()) {
      while (it.hasNext() && entries.size() < limit) {
        KeyValue<Long, V> next = it.next();
        entries.add(next.value);
      }
    }
    return entries;
  }
}
