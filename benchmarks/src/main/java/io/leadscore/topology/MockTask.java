package io.leadscore.topology;

import io.leadscore.serde.AvroSerdes;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;

/**
 * A task for driving one of the app's processors without a broker: Kafka Streams' {@code MockProcessorContext} with
 * its state under {@code dir}, the app's store catalog, and the stores added to it, closed together.
 */
final class MockTask<KOut, VOut> implements AutoCloseable {

  final MockProcessorContext<KOut, VOut> context;
  final LeadscoreStores catalog;
  private final List<StateStore> stores = new ArrayList<>();

  MockTask(Path dir, String applicationId, TaskId task) {
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    config.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
    context = new MockProcessorContext<>(config, task, new File(dir.toFile(), "task"));
    catalog = LeadscoreStores.with(LeadscoreTopics.with(AvroSerdes.inMemory(applicationId)));
  }

  /**
   * Adds one of the app's key-value stores as the app builds it, on RocksDB, but without a changelog (a mock context has
   * no producer) and without a cache (a record cache needs a running task's record context).
   */
  <S extends StateStore> S add(S store) {
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    stores.add(store);
    return store;
  }

  StateStore add(Store<?, ?> store) {
    return add(store.keyValue(StoreKind.PERSISTENT).withCachingDisabled().withLoggingDisabled().build());
  }

  @Override
  public void close() {
    stores.forEach(StateStore::close);
  }
}
