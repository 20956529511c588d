package io.leadscore.topology;

import io.leadscore.failures.DeadLetterDeserializationHandler;
import io.leadscore.failures.DeadLetterProcessingHandler;
import io.leadscore.failures.DeadLetterProductionHandler;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/** The Kafka Streams settings leadscore runs with unless configured otherwise; tests run with the same. */
public final class StreamsDefaults {

  private StreamsDefaults() {
  }

  public static Properties properties() {
    Properties props = new Properties();
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
    // Bad input goes with its original bytes and the reason to the dead-letter topic (KIP-1034), and processing goes
    // on; input that fails for a reason of its surroundings (registry, broker) is retried instead. See failures.Blame.
    props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, LeadscoreTopics.DEAD_LETTERS);
    props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterDeserializationHandler.class.getName());
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class.getName());
    props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProductionHandler.class.getName());
    props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class.getName());
    // The scorer orders each lead's events by event time itself (the reorder window), and a profile or outcome that
    // comes after an activity rescores the lead, so a task need not wait to interleave its input partitions by time.
    // Not waiting also skips Kafka Streams' readiness check before every record, which took a tenth of the stream
    // thread in profiles; measured in docs/benchmarks.md.
    props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
    return props;
  }
}
