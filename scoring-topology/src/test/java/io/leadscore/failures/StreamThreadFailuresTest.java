package io.leadscore.failures;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadscore.serde.SchemaRegistryUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class StreamThreadFailuresTest {

  private final AtomicLong now = new AtomicLong(1_700_000_000_000L);
  private final Clock clock = new Clock() {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(now.get());
    }
  };
  private final RecordFailures failures = new RecordFailures(3, clock);
  private final StreamThreadFailures threads = new StreamThreadFailures(failures, Duration.ZERO, Duration.ZERO);
  private final SchemaRegistryUnavailableException outage = new SchemaRegistryUnavailableException("down");

  private StreamThreadExceptionResponse dieOn(long offset, Blame blame) {
    failures.failing("leadscore.activity.web", 2, offset, blame, outage);
    return threads.handle(new StreamsException("handler chose to fail", outage));
  }

  @Test
  void aRecordFailingForAnOutageIsRetriedThenStopsTheAppNamingIt() {
    assertThat(dieOn(41, Blame.OUTAGE)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    assertThat(dieOn(41, Blame.OUTAGE)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    assertThat(threads.stopReason()).isNull();
    assertThat(threads.failing()).as("threads keep dying").isTrue();

    assertThat(dieOn(41, Blame.OUTAGE)).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    assertThat(threads.stopReason()).contains("leadscore.activity.web-2 at offset 41 failed 3 times (OUTAGE)")
        .contains("down");
  }

  @Test
  void aRecordFailingForNoKnownReasonIsRetriedUntilTheHandlersDeadLetterIt() {
    for (int i = 0; i < 3; i++) {
      assertThat(dieOn(9, Blame.UNKNOWN)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }
    assertThat(threads.stopReason()).isNull();
    assertThat(failures.failuresOf("leadscore.activity.web", 2, 9)).as("what the handlers read next time").isEqualTo(3);
  }

  @Test
  void failuresOfDifferentRecordsAreCountedApart() {
    assertThat(dieOn(1, Blame.OUTAGE)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    assertThat(dieOn(2, Blame.OUTAGE)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    assertThat(failures.failuresOf("leadscore.activity.web", 2, 1)).isEqualTo(1);
    assertThat(failures.failuresOf("leadscore.activity.web", 2, 2)).isEqualTo(1);
  }

  @Test
  void aSingleDeathLongAgoDoesNotMakeTheAppUnhealthy() {
    dieOn(7, Blame.OUTAGE);
    assertThat(threads.failing()).isFalse();
    now.addAndGet(Duration.ofMinutes(6).toMillis());
    dieOn(8, Blame.OUTAGE);
    assertThat(threads.failing()).as("one death in the last five minutes").isFalse();
  }

  @Test
  void threadsDyingForNoKnownRecordStopTheAppAfterAFew() {
    RuntimeException bug = new IllegalStateException("bug");
    assertThat(threads.handle(bug)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    assertThat(threads.handle(bug)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    assertThat(threads.handle(bug)).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    assertThat(threads.stopReason()).contains("3 stream threads died within 5 minutes");
  }

  @Test
  void anOutOfMemoryErrorStopsTheAppAtOnce() {
    assertThat(threads.handle(new OutOfMemoryError("Java heap space")))
        .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    assertThat(threads.stopReason()).contains("Java heap space");
    assertThat(threads.failing()).isTrue();
  }
}
