package io.leadscore.failures;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The failures that made stream threads die, per record read (topic, partition and offset), shared by one app's
 * exception handlers, which see the record, and its uncaught-exception handler, which sees the thread die. A record
 * that fails {@code maxFailures} times is not retried again: dead-lettered when it is the cause, otherwise the app
 * stops.
 */
public final class RecordFailures {

  /** Key under which the app hands its instance to the exception handlers Kafka Streams creates. */
  public static final String CONFIG = "leadscore.record.failures";
  static final int REMEMBERED = 10_000;
  /** Thread deaths within this window count as "threads keep dying" for the health check. */
  static final long DYING_WINDOW_MS = 5 * 60_000;

  /** One record's failure: what failed, how many times so far, and why the last time. */
  public record Failure(String topic, int partition, long offset, int times, Blame blame, String cause) {

    String where() {
      return RecordFailures.where(topic, partition, offset);
    }
  }

  private record Read(String topic, int partition, long offset) {
  }

  /** A record read, as log lines and reasons name it. */
  static String where(String topic, int partition, long offset) {
    return topic + "-" + partition + " at offset " + offset;
  }

  private final int maxFailures;
  private final Clock clock;
  private final Map<Read, Integer> failures = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Read, Integer> eldest) {
      return size() > REMEMBERED;
    }
  };
  private final Map<String, Failure> lastByThread = new ConcurrentHashMap<>();
  private final Deque<Long> deaths = new ArrayDeque<>();
  private final Deque<Long> unexplainedDeaths = new ArrayDeque<>();

  public RecordFailures(int maxFailures, Clock clock) {
    if (maxFailures < 1) {
      throw new IllegalArgumentException("the failures allowed per record must be at least 1");
    }
    this.maxFailures = maxFailures;
    this.clock = clock;
  }

  public int maxFailures() {
    return maxFailures;
  }

  /** How many times this record has failed a thread before. */
  public synchronized int failuresOf(String topic, int partition, long offset) {
    return failures.getOrDefault(new Read(topic, partition, offset), 0);
  }

  /** Notes that this record is about to fail the current thread, which the uncaught-exception handler then reads. */
  public synchronized Failure failing(String topic, int partition, long offset, Blame blame, Throwable cause) {
    Read read = new Read(topic, partition, offset);
    int times = failures.merge(read, 1, Integer::sum);
    Failure failure = new Failure(topic, partition, offset, times, blame, String.valueOf(cause));
    lastByThread.put(Thread.currentThread().getName(), failure);
    return failure;
  }

  /** The failure a handler noted on the current thread just before it died, if any; forgotten once read. */
  Failure takeLastOfThisThread() {
    return lastByThread.remove(Thread.currentThread().getName());
  }

  /**
   * Counts a thread death, {@code explained} when a handler named the record it died on; returns the unexplained
   * deaths within the window, this one included.
   */
  synchronized int threadDied(boolean explained) {
    long now = clock.millis();
    deaths.addLast(now);
    if (!explained) {
      unexplainedDeaths.addLast(now);
    }
    return within(unexplainedDeaths, now);
  }

  /** Whether threads keep dying: more than one death within the window. */
  public synchronized boolean threadsKeepDying() {
    return within(deaths, clock.millis()) > 1;
  }

  private static int within(Deque<Long> times, long now) {
    while (!times.isEmpty() && times.peekFirst() < now - DYING_WINDOW_MS) {
      times.removeFirst();
    }
    return times.size();
  }
}
