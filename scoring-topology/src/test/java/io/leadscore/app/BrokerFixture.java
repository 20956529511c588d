package io.leadscore.app;

import io.leadscore.demo.EmbeddedKafka;
import io.leadscore.serde.WireFormatAvroSerde;
import io.leadscore.topology.LeadscoreTopics;
import io.leadscore.topology.Topic;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;

/** A real one-node KRaft broker for a test class, with helpers to write input and read committed output. */
final class BrokerFixture implements AutoCloseable {

  final EmbeddedKafka kafka;
  final Path dir;
  final String registryUrl;
  private final KafkaProducer<byte[], byte[]> producer;

  BrokerFixture() throws Exception {
    dir = Files.createTempDirectory(Path.of("target"), "broker-test");
    kafka = EmbeddedKafka.start(dir.resolve("kafka"));
    registryUrl = WireFormatAvroSerde.MOCK_SCHEME + "broker-" + UUID.randomUUID();
    producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
        new ByteArraySerializer(), new ByteArraySerializer());
  }

  /**
   * The app's configuration for this broker: defaults (exactly-once, RocksDB) with test-sized topics, and the shortest
   * session the broker allows: Kafka Streams leaves a stopped or replaced member in the group until its session times
   * out, which the restart and thread-failure tests would otherwise wait out.
   */
  LeadscoreConfig config(String applicationId) {
    return LeadscoreConfig.load(null, Map.of(), Map.ofEntries(
        Map.entry("session.timeout.ms", "6000"),
        Map.entry("heartbeat.interval.ms", "1000"),
        Map.entry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
        Map.entry(StreamsConfig.APPLICATION_ID_CONFIG, applicationId),
        Map.entry(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state-" + applicationId).toString()),
        Map.entry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100"),
        Map.entry(WireFormatAvroSerde.REGISTRY_URL_CONFIG, registryUrl),
        Map.entry(LeadscoreConfig.PARTITIONS, "2"),
        Map.entry(LeadscoreConfig.REPLICATION_FACTOR, "1"),
        Map.entry(LeadscoreConfig.API_HOST, "127.0.0.1"),
        Map.entry(LeadscoreConfig.API_PORT, "0")));
  }

  <V> void send(Topic<String, V> topic, String key, V value) {
    sendRaw(topic.name(), key.getBytes(StandardCharsets.UTF_8),
        topic.valueSerde().serializer().serialize(topic.name(), value));
  }

  void sendRaw(String topic, byte[] key, byte[] value) {
    producer.send(new ProducerRecord<>(topic, key, value));
    producer.flush();
  }

  /** Reads the committed records of one lead until {@code count} have come or the timeout passes. */
  <V> List<V> read(Topic<String, V> topic, String lead, int count, Duration timeout) {
    return values(topic, readRaw(topic.name(), lead, count, timeout));
  }

  /**
   * Reads committed records until {@code done} holds for all read so far, or the timeout passes: for output published
   * on a schedule, whose last record may come after the count a test could name has.
   */
  <V> List<V> readUntil(Topic<String, V> topic, Predicate<List<V>> done, Duration timeout) {
    return values(topic, poll(topic.name(), null, records -> done.test(values(topic, records)), timeout));
  }

  /** Committed records keyed {@code lead} (any key if null), read until {@code count} or the timeout. */
  List<ConsumerRecord<byte[], byte[]>> readRaw(String topic, String lead, int count, Duration timeout) {
    return poll(topic, lead, records -> records.size() >= count, timeout);
  }

  private List<ConsumerRecord<byte[], byte[]>> poll(String topic, String lead,
      Predicate<List<ConsumerRecord<byte[], byte[]>>> done, Duration timeout) {
    Map<String, Object> settings = new HashMap<>();
    settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    settings.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
    settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + timeout.toNanos();
      byte[] key = lead == null ? null : lead.getBytes(StandardCharsets.UTF_8);
      Consumer<ConsumerRecord<byte[], byte[]>> keep = r -> {
        if (key == null || Arrays.equals(key, r.key())) {
          records.add(r);
        }
      };
      while (!done.test(records) && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(keep);
      }
      // Anything beyond what was expected would be a duplicate: keep reading briefly to see it.
      long settle = System.nanoTime() + Duration.ofMillis(500).toNanos();
      while (System.nanoTime() < settle) {
        consumer.poll(Duration.ofMillis(100)).forEach(keep);
      }
    }
    return records;
  }

  private static <V> List<V> values(Topic<String, V> topic, List<ConsumerRecord<byte[], byte[]>> records) {
    List<V> values = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      values.add(topic.valueSerde().deserializer().deserialize(topic.name(), record.value()));
    }
    return values;
  }

  LeadscoreTopics topics() {
    return LeadscoreTopics.with(config("topics").avroSerdes());
  }

  @Override
  public void close() throws Exception {
    producer.close();
    kafka.close();
  }
}
