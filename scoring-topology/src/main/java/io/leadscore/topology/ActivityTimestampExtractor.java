package io.leadscore.topology;

import io.leadscore.avro.EmailActivity;
import io.leadscore.avro.WebActivity;
import io.leadscore.avro.WebinarActivity;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Uses the event's own time, so windows and deduplication follow when things happened, not when they were sent. A
 * record without a usable event time keeps its Kafka timestamp, and validation sends it to the dead-letter topic
 * (returning a negative time here would make Kafka Streams drop it unseen).
 */
final class ActivityTimestampExtractor implements TimestampExtractor {

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
    long fallback = record.timestamp() >= 0 ? record.timestamp() : Math.max(partitionTime, 0);
    return eventTime == null || eventTime.toEpochMilli() < 0 ? fallback : eventTime.toEpochMilli();
  }
}
