package io.leadscore.app;

import io.leadscore.topology.Topic;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Bytes;

/** The latest value per key of a compacted topic as it stands now, read to its end; a tombstone removes its key. */
final class LatestValues {

  private LatestValues() {
  }

  /** Keys in the order they first appeared. */
  static <V> Map<String, V> read(LeadscoreConfig config, Topic<String, V> topic, Duration timeout) {
    Map<String, V> latest = new LinkedHashMap<>();
    scan(config, topic.name(), timeout, record -> {
      String key = topic.keySerde().deserializer().deserialize(topic.name(), record.key());
      if (record.value() == null) {
        latest.remove(key);
      } else {
        latest.put(key, topic.valueSerde().deserializer().deserialize(topic.name(), record.value()));
      }
    });
    return latest;
  }

  /** Per partition, the latest bytes per key, as they are: for copying a topic that is not ours to decode. */
  static Map<Integer, Map<Bytes, byte[]>> raw(LeadscoreConfig config, String topic, Duration timeout) {
    Map<Integer, Map<Bytes, byte[]>> latest = new HashMap<>();
    scan(config, topic, timeout, record -> {
      Map<Bytes, byte[]> partition = latest.computeIfAbsent(record.partition(), p -> new LinkedHashMap<>());
      if (record.value() == null) {
        partition.remove(Bytes.wrap(record.key()));
      } else {
        partition.put(Bytes.wrap(record.key()), record.value());
      }
    });
    return latest;
  }

  private static void scan(LeadscoreConfig config, String topic, Duration timeout,
      Consumer<ConsumerRecord<byte[], byte[]>> each) {
    Map<String, Object> settings = new HashMap<>(config.clientSettings());
    settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
    // Reading must not create the topic with the broker's defaults.
    settings.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("cannot read " + topic + " to its end within " + timeout);
        }
        consumer.poll(Duration.ofMillis(200)).forEach(each);
      }
    }
  }
}
