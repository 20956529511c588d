package io.leadscore.topology;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the memory RocksDB takes outside the Java heap, for all state stores of the process together, by one
 * setting: {@value #MEMORY_CONFIG} (bytes). Each store otherwise takes its own block cache and memtables, so the
 * process grows with the number of stores and tasks (about 1.5 GiB of RSS was measured beside a 1 GiB heap). Here all
 * share one block cache, the memtables are charged against it through one write-buffer manager, and index and filter
 * blocks live in the cache too. This is the setup Kafka Streams' memory-management guide describes.
 */
public class BoundedRocksDbMemory implements RocksDBConfigSetter {

  public static final String MEMORY_CONFIG = "leadscore.rocksdb.memory.bytes";
  /**
   * Measured on the benchmark's load (100,000 leads, six partitions, 1 GiB heap): 512 MiB kept the throughput of
   * unbounded stores at about the same peak RSS (1.5 GiB); 256 MiB saved 300 MiB of RSS but cost about a fifth of the
   * throughput (docs/benchmarks.md).
   */
  public static final long DEFAULT_MEMORY_BYTES = 512L * 1024 * 1024;
  /** Share of the memory that memtables may take; the rest caches blocks read. */
  private static final double WRITE_BUFFER_SHARE = 0.5;
  /** Room in the cache for index and filter blocks, which are read on every lookup and must not be evicted first. */
  private static final double HIGH_PRIORITY_SHARE = 0.1;
  private static final long MEMTABLE_BYTES = 16L * 1024 * 1024;

  private static Shared shared;

  private record Shared(long bytes, Cache cache, WriteBufferManager writeBuffers) {
  }

  /** One cache for the process: every store's setter gets the same, sized by the first configuration seen. */
  private static synchronized Shared shared(long bytes) {
    if (shared == null) {
      Cache cache = new LRUCache(bytes, -1, false, HIGH_PRIORITY_SHARE);
      shared = new Shared(bytes, cache, new WriteBufferManager((long) (bytes * WRITE_BUFFER_SHARE), cache));
    }
    return shared;
  }

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    Object configured = configs.get(MEMORY_CONFIG);
    Shared memory = shared(configured == null ? DEFAULT_MEMORY_BYTES : Long.parseLong(configured.toString().trim()));
    BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
    table.setBlockCache(memory.cache());
    table.setCacheIndexAndFilterBlocks(true);
    table.setCacheIndexAndFilterBlocksWithHighPriority(true);
    table.setPinTopLevelIndexAndFilter(true);
    options.setWriteBufferManager(memory.writeBuffers());
    options.setWriteBufferSize(MEMTABLE_BYTES);
    options.setMaxWriteBufferNumber(2);
    options.setTableFormatConfig(table);
  }

  @Override
  public void close(String storeName, Options options) {
    // The cache and write-buffer manager are shared by every store of the process and live as long as it does.
  }
}
