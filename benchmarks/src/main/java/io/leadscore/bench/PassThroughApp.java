package io.leadscore.bench;

import io.leadscore.topology.LeadscoreTopics;
import io.leadscore.topology.StreamsDefaults;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The ceiling for the load run: a Kafka Streams app with the same settings as leadscore (exactly-once, same commit
 * interval) that reads the same input topics and writes one record out per record in, without looking inside.
 * Arguments: bootstrap servers, application id, state directory.
 */
public final class PassThroughApp {

  static final String OUTPUT = "bench.pass-through";
  static final List<String> INPUTS = List.of(LeadscoreTopics.WEB_ACTIVITY, LeadscoreTopics.EMAIL_ACTIVITY,
      LeadscoreTopics.WEBINAR_ACTIVITY, LeadscoreTopics.PROFILES);

  private PassThroughApp() {
  }

  public static void main(String[] args) throws InterruptedException {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(INPUTS, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
        .to(OUTPUT, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
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
}
