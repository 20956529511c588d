package io.leadscore.bench;

import io.leadscore.topology.LeadscoreTopics;
import io.leadscore.topology.StreamsDefaults;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The baselines for the load run: Kafka Streams apps with the same settings as leadscore (exactly-once, same commit
 * interval) that read the same input topics and write one record out per record in, without looking inside. The
 * {@code stateful} one also reads and writes a per-lead value in a RocksDB store with a changelog for every record:
 * the least any per-lead scoring must do. Arguments: bootstrap servers, application id, state directory, and
 * {@code stateless} or {@code stateful}.
 */
public final class PassThroughApp {

  static final String OUTPUT = "bench.pass-through";
  static final List<String> INPUTS = List.of(LeadscoreTopics.WEB_ACTIVITY, LeadscoreTopics.EMAIL_ACTIVITY,
      LeadscoreTopics.WEBINAR_ACTIVITY, LeadscoreTopics.PROFILES);
  private static final String STORE = "bench-per-lead";

  private PassThroughApp() {
  }

  public static void main(String[] args) throws InterruptedException {
    StreamsBuilder builder = new StreamsBuilder();
    KStream<Bytes, byte[]> in = builder.stream(INPUTS, Consumed.with(Serdes.Bytes(), Serdes.ByteArray())
        .withName("bench-inputs"));
    if ("stateful".equals(args[3])) {
      builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.Bytes(),
          Serdes.ByteArray()));
      in = in.processValues(PerLead::new, Named.as("bench-per-lead"), STORE);
    }
    in.to(OUTPUT, Produced.with(Serdes.Bytes(), Serdes.ByteArray()).withName("bench-output"));
    Properties props = StreamsDefaults.properties();
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, args[1]);
    props.put(StreamsConfig.STATE_DIR_CONFIG, args[2]);
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
    KafkaStreams streams = new KafkaStreams(builder.build(), props);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      streams.close();
      stopped.countDown();
    }));
    streams.start();
    stopped.await();
  }

  /** Reads the lead's stored value and replaces it with the record's: one get and one logged put per record. */
  private static final class PerLead implements FixedKeyProcessor<Bytes, byte[], byte[]> {
    private FixedKeyProcessorContext<Bytes, byte[]> context;
    private KeyValueStore<Bytes, byte[]> store;

    @Override
    public void init(FixedKeyProcessorContext<Bytes, byte[]> context) {
      this.context = context;
      this.store = context.getStateStore(STORE);
    }

    @Override
    public void process(FixedKeyRecord<Bytes, byte[]> record) {
      store.get(record.key());
      store.put(record.key(), record.value());
      context.forward(record);
    }
  }
}
