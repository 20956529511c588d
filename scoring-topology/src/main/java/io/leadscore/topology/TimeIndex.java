package io.leadscore.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Ids by a time something is due for them: decay taking a lead below its stage's exit, an MQL's SLA, an anonymous
 * visitor's activity passing the lookback. Keys are the due time (8 bytes, big-endian) followed by the id, so a range
 * scan up to now yields exactly the ids due, oldest first, whatever the number of ids held.
 */
final class TimeIndex {

  private static final byte[] NOTHING = new byte[0];

  record Due(long time, String id) {
  }

  private final KeyValueStore<Bytes, byte[]> store;

  TimeIndex(KeyValueStore<Bytes, byte[]> store) {
    this.store = store;
  }

  void move(String id, Long from, Long to) {
    if (from != null && !from.equals(to)) {
      store.delete(key(from, id));
    }
    if (to != null && !to.equals(from)) {
      store.put(key(to, id), NOTHING);
    }
  }

  /** Up to {@code limit} ids due at or before {@code now}. */
  List<Due> dueBy(long now, int limit) {
    List<Due> due = new ArrayList<>();
    // The bound (now + 1, no id) sorts after every key due at now and before any due later.
    try (KeyValueIterator<Bytes, byte[]> it = store.range(key(0, ""), key(now + 1, ""))) {
      while (it.hasNext() && due.size() < limit) {
        KeyValue<Bytes, byte[]> entry = it.next();
        ByteBuffer buffer = ByteBuffer.wrap(entry.key.get());
        long time = buffer.getLong();
        due.add(new Due(time, StandardCharsets.UTF_8.decode(buffer).toString()));
      }
    }
    return due;
  }

  boolean contains(long time, String id) {
    return store.get(key(time, id)) != null;
  }

  void remove(Due due) {
    store.delete(key(due.time(), due.id()));
  }

  private static Bytes key(long time, String id) {
    byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
    return Bytes.wrap(ByteBuffer.allocate(Long.BYTES + idBytes.length).putLong(time).put(idBytes).array());
  }
}
