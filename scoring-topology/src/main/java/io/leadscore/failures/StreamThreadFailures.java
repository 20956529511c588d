package io.leadscore.failures;

import java.time.Duration;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what follows the death of a stream thread. The thread is replaced after a backoff, and its tasks read again
 * from their last commit, so nothing is lost. But no record is retried forever. One that has failed
 * {@link RecordFailures#maxFailures()} times for no known reason is dead-lettered by the exception handlers the next
 * time it is read. One failing that often for a reason that is not its own (the registry or the broker down for that
 * long), threads that keep dying for no record at all, or a JVM that is itself failing shut the client down with the
 * reason, and the process exits with a non-zero code for its supervisor to restart it.
 */
public final class StreamThreadFailures implements StreamsUncaughtExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(StreamThreadFailures.class);

  private final RecordFailures failures;
  private final Duration firstBackoff;
  private final Duration maxBackoff;
  private volatile String stopReason;

  public StreamThreadFailures(RecordFailures failures, Duration firstBackoff, Duration maxBackoff) {
    this.failures = failures;
    this.firstBackoff = firstBackoff;
    this.maxBackoff = maxBackoff;
  }

  @Override
  public StreamThreadExceptionResponse handle(Throwable exception) {
    RecordFailures.Failure failure = failures.takeLastOfThisThread();
    int unexplained = failures.threadDied(failure != null);
    Blame blame = failure != null ? failure.blame() : Blame.of(exception);
    if (blame == Blame.FATAL) {
      return stop("a stream thread failed and leadscore cannot go on: " + exception, exception);
    }
    // A record failing for no known reason is dead-lettered by the handlers when it comes again.
    if (failure != null && blame == Blame.OUTAGE && failure.times() >= failures.maxFailures()) {
      return stop("the record of " + failure.where() + " failed " + failure.times() + " times (" + failure.blame()
          + "), last with " + failure.cause(), exception);
    }
    if (failure == null && unexplained >= failures.maxFailures()) {
      return stop(unexplained + " stream threads died within " + Duration.ofMillis(RecordFailures.DYING_WINDOW_MS)
          .toMinutes() + " minutes, the last with " + exception, exception);
    }
    Duration backoff = backoff(failure != null ? failure.times() : unexplained);
    log.error("A stream thread failed{}; replacing it in {} ms, and its tasks resume from their last commit",
        failure == null ? "" : " on the record of " + failure.where(), backoff.toMillis(), exception);
    try {
      Thread.sleep(backoff.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return StreamThreadExceptionResponse.REPLACE_THREAD;
  }

  private Duration backoff(int failuresSoFar) {
    Duration backoff = firstBackoff.multipliedBy(1L << Math.min(20, Math.max(0, failuresSoFar - 1)));
    return backoff.compareTo(maxBackoff) > 0 ? maxBackoff : backoff;
  }

  private StreamThreadExceptionResponse stop(String reason, Throwable exception) {
    stopReason = reason;
    log.error("Stopping leadscore: {}", reason, exception);
    return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
  }

  /** Why the client was shut down, or null while it was not. */
  public String stopReason() {
    return stopReason;
  }

  /** Whether the app is failing: stopped, or its threads keep dying. */
  public boolean failing() {
    return stopReason != null || failures.threadsKeepDying();
  }
}
