package io.leadscore.topology;

import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.AutoOffsetReset;

/**
 * Where a new application (a candidate in the shadow) starts scoring: activity from {@code from} on in event time, CRM
 * outcomes from {@code from} on in report time; profiles are read whole. Kafka Streams' reset by duration counts back
 * from the moment each partition is reset, which comes after it was asked for, so the reset reads from
 * {@code lookBack} before that moment, a little earlier than needed, and a filter makes the start exact.
 */
public record Replay(Instant from, Duration lookBack) {

  AutoOffsetReset reset() {
    return AutoOffsetReset.byDuration(lookBack);
  }

  boolean includes(long time) {
    return time >= from.toEpochMilli();
  }
}
