package io.leadscore.topology;

import io.leadscore.avro.EmailActivity;
import io.leadscore.avro.WebActivity;
import io.leadscore.avro.WebinarActivity;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Uses the event's own time, so windows and deduplication follow when things happened, not when they were sent. A
 * record whose event time is missing, negative, or further ahead of its Kafka timestamp than the rules allow keeps its
 * Kafka timestamp: validation sends it to the dead-letter topic, and a dead letter stamped days ahead would be
 * refused by the broker ({@code log.message.timestamp.after.max.ms}). A negative time here would make Kafka Streams
 * drop the record unseen.
 */
final class ActivityTimestampExtractor implements TimestampExtractor {

  private final long maxFutureSkewMs;

  ActivityTimestampExtractor(Duration maxFutureSkew) {
    this.maxFutureSkewMs = maxFutureSkew.toMillis();
  }

  @Override
  public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
    Instant eventTime = null;
    if (record.value() instanceof WebActivity web) {
      eventTime = web.getEventTime();
    } else if (record.value() instanceof EmailActivity email) {
      eventTime = email.getEventTime();
    } else if (record.value() instanceof WebinarActivity webinar) {
      eventTime = webinar.getEventTime();
    }
    long kafkaTime = record.timestamp() >= 0 ? record.timestamp() : Math.max(partitionTime, 0);
    if (eventTime == null || eventTime.toEpochMilli() < 0 || eventTime.toEpochMilli() > kafkaTime + maxFutureSkewMs) {
      return kafkaTime;
    }
    return eventTime.toEpochMilli();
  }
}
