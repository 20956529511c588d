package io.leadscore.topology;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * A state store with the serdes of its keys and values, its shape, and whether a record cache sits in front of it
 * (so that a key rewritten many times within a commit reaches RocksDB and the changelog once).
 */
public record Store<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, Shape shape, boolean cached) {

  public enum Shape {
    KEY_VALUE,
    /** A table's store: values with their timestamps. */
    TIMESTAMPED_KEY_VALUE,
    /** Keys with times, kept for a retention period. */
    WINDOW
  }

  StoreBuilder<KeyValueStore<K, V>> keyValue(StoreKind kind) {
    StoreBuilder<KeyValueStore<K, V>> builder = Stores.keyValueStoreBuilder(kind.keyValue(name), keySerde,
        valueSerde);
    return cached ? builder.withCachingEnabled() : builder;
  }

  StoreBuilder<WindowStore<K, V>> window(StoreKind kind, Duration retention) {
    return Stores.windowStoreBuilder(kind.window(name, retention), keySerde, valueSerde);
  }

  /** How the API finds this key-value store among an instance's stores. */
  public QueryableStoreType<ReadOnlyKeyValueStore<K, V>> keyValueQuery() {
    return QueryableStoreTypes.keyValueStore();
  }

  /** How the API finds this table's store, values with their timestamps. */
  public QueryableStoreType<ReadOnlyKeyValueStore<K, ValueAndTimestamp<V>>> timestampedQuery() {
    return QueryableStoreTypes.timestampedKeyValueStore();
  }
}
