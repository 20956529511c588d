package io.leadscore.topology;

import java.time.Duration;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowBytesStoreSupplier;

/**
 * Where state lives. The app uses RocksDB; TopologyTestDriver commits after every record, which makes RocksDB slow in
 * unit tests, so those take memory. Both are backed by changelog topics.
 */
public enum StoreKind {
  PERSISTENT {
    @Override
    KeyValueBytesStoreSupplier keyValue(String name) {
      return Stores.persistentKeyValueStore(name);
    }

    @Override
    KeyValueBytesStoreSupplier table(String name) {
      return Stores.persistentTimestampedKeyValueStore(name);
    }

    @Override
    WindowBytesStoreSupplier window(String name, Duration retention) {
      return Stores.persistentWindowStore(name, retention, retention, false);
    }
  },
  IN_MEMORY {
    @Override
    KeyValueBytesStoreSupplier keyValue(String name) {
      return Stores.inMemoryKeyValueStore(name);
    }

    @Override
    KeyValueBytesStoreSupplier table(String name) {
      return Stores.inMemoryKeyValueStore(name);
    }

    @Override
    WindowBytesStoreSupplier window(String name, Duration retention) {
      return Stores.inMemoryWindowStore(name, retention, retention, false);
    }
  };

  abstract KeyValueBytesStoreSupplier keyValue(String name);

  abstract KeyValueBytesStoreSupplier table(String name);

  abstract WindowBytesStoreSupplier window(String name, Duration retention);
}
