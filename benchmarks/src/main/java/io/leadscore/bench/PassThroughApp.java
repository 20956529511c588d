package io.leadscore.bench;

import io.leadscore.avro.Grade;
import io.leadscore.avro.LeadScore;
import io.leadscore.avro.ReasonKind;
import io.leadscore.avro.ScoreReason;
import io.leadscore.serde.WireFormatAvroSerde;
import io.leadscore.topology.LeadscoreTopics;
import io.leadscore.topology.StreamsDefaults;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.avro.specific.SpecificRecord;
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
 * interval) that read the same input topics and write one record out per record in. The {@code stateless} and
 * {@code stateful} ones do not look inside; the {@code stateful} one also reads and writes a per-lead value in a
 * RocksDB store with a changelog for every record. The {@code avro} one is the honest floor of any per-lead scorer:
 * it decodes each record with its Avro schema from the registry, reads and writes a state of {@value #STATE_BYTES}
 * bytes per lead, and encodes one Avro {@code LeadScore} out. Arguments: bootstrap servers, application id, state
 * directory, the mode, the schema registry's URL (used by {@code avro}), and the number of stream threads.
 */
public final class PassThroughApp {

  static final String OUTPUT = "bench.pass-through";
  static final String AVRO_OUTPUT = "bench.avro-scores";
  static final int STATE_BYTES = 300;
  static final List<String> INPUTS = List.of(LeadscoreTopics.WEB_ACTIVITY, LeadscoreTopics.EMAIL_ACTIVITY,
      LeadscoreTopics.WEBINAR_ACTIVITY, LeadscoreTopics.PROFILES, LeadscoreTopics.CRM_OUTCOMES);
  private static final String STORE = "bench-per-lead";

  private PassThroughApp() {
  }

  public static void main(String[] args) throws InterruptedException {
    StreamsBuilder builder = new StreamsBuilder();
    if ("avro".equals(args[3])) {
      Map<String, Object> registry = Map.of(WireFormatAvroSerde.REGISTRY_URL_CONFIG, args[4]);
      WireFormatAvroSerde<SpecificRecord> anyRecord = new WireFormatAvroSerde<>();
      anyRecord.configure(registry, false);
      WireFormatAvroSerde<LeadScore> scores = new WireFormatAvroSerde<>();
      scores.configure(registry, false);
      builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
          Serdes.ByteArray()));
      builder.stream(INPUTS, Consumed.with(Serdes.String(), anyRecord).withName("bench-inputs"))
          .processValues(AvroPerLead::new, Named.as("bench-avro-per-lead"), STORE)
          .to(AVRO_OUTPUT, Produced.with(Serdes.String(), scores).withName("bench-output"));
    } else {
      KStream<Bytes, byte[]> in = builder.stream(INPUTS, Consumed.with(Serdes.Bytes(), Serdes.ByteArray())
          .withName("bench-inputs"));
      if ("stateful".equals(args[3])) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.Bytes(),
            Serdes.ByteArray()));
        in = in.processValues(PerLead::new, Named.as("bench-per-lead"), STORE);
      }
      in.to(OUTPUT, Produced.with(Serdes.Bytes(), Serdes.ByteArray()).withName("bench-output"));
    }
    Properties props = StreamsDefaults.properties();
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, args[1]);
    props.put(StreamsConfig.STATE_DIR_CONFIG, args[2]);
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.parseInt(args[5]));
    KafkaStreams streams = new KafkaStreams(builder.build(), props);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      streams.close();
      stopped.countDown();
    }));
    streams.start();
    stopped.await();
  }

  /**
   * Reads the lead's state, counts the record in it and writes it back, and sends a score with three engagement and
   * two fit reasons named by rule id, as leadscore's lead-scores records have them.
   */
  private static final class AvroPerLead implements FixedKeyProcessor<String, SpecificRecord, LeadScore> {
    private FixedKeyProcessorContext<String, LeadScore> context;
    private KeyValueStore<String, byte[]> store;

    @Override
    public void init(FixedKeyProcessorContext<String, LeadScore> context) {
      this.context = context;
      this.store = context.getStateStore(STORE);
    }

    @Override
    public void process(FixedKeyRecord<String, SpecificRecord> record) {
      byte[] state = store.get(record.key());
      ByteBuffer next = ByteBuffer.allocate(STATE_BYTES);
      long count = state == null ? 1 : ByteBuffer.wrap(state).getLong() + 1;
      next.putLong(count).putInt(record.value().getSchema().getName().hashCode());
      store.put(record.key(), next.array());
      Instant now = Instant.ofEpochMilli(record.timestamp());
      LeadScore score = LeadScore.newBuilder().setLeadId(record.key()).setEngagementScore(count).setFitScore(20)
          .setScore(count + 20).setGrade(Grade.B).setLabel("B" + (count + 20)).setStage("warm")
          .setStageAction("nurture").setQualified(false).setProfileKnown(true).setRulesVersion("bench")
          .setUpdatedAt(now).setLastActivityAt(now)
          .setTopReasons(List.of(reason(ReasonKind.ENGAGEMENT, "website-visit", count),
              reason(ReasonKind.ENGAGEMENT, "email-opened", 5), reason(ReasonKind.FIT, "director", 15)))
          .setFitReasons(List.of(reason(ReasonKind.FIT, "director", 15), reason(ReasonKind.FIT, "mid-market", 5)))
          .build();
      context.forward(record.withValue(score));
    }

    private static ScoreReason reason(ReasonKind kind, String rule, double points) {
      return new ScoreReason(kind, rule, null, points, false);
    }
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
