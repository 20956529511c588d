package io.leadscore.serde;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/** The largest request Kafka Streams' producer may send, as the app's configuration sets it. */
public final class ProducerLimits {

  /** The producer's own default. */
  private static final int DEFAULT_MAX_REQUEST_SIZE = 1024 * 1024;

  private ProducerLimits() {
  }

  /** {@code producer.max.request.size}, else {@code max.request.size}, else the producer's default. */
  public static int maxRequestSize(Map<String, ?> configs) {
    Object size = configs.get(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
    if (size == null) {
      size = configs.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
    }
    return size == null ? DEFAULT_MAX_REQUEST_SIZE : Integer.parseInt(size.toString().trim());
  }
}
