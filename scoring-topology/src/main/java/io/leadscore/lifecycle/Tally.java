package io.leadscore.lifecycle;

import java.util.EnumMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A cohort's MQLs and conversions: how many reached each status, and how long after qualifying, kept as a histogram
 * whose buckets grow by {@value #GROWTH}× so that a median is within 2.5% and tallies of any size merge by adding.
 */
public record Tally(Map<SalesStatus, Long> reached, Map<SalesStatus, SortedMap<Integer, Long>> sinceQualified) {

  static final double GROWTH = 1.05;
  private static final double LOG_GROWTH = Math.log(GROWTH);

  public static final Tally NONE = new Tally(Map.of(), Map.of());

  public Tally {
    reached = reached == null ? Map.of() : Map.copyOf(reached);
    Map<SalesStatus, SortedMap<Integer, Long>> times = new EnumMap<>(SalesStatus.class);
    if (sinceQualified != null) {
      sinceQualified.forEach((status, buckets) -> times.put(status, new TreeMap<>(buckets)));
    }
    sinceQualified = times;
  }

  public Tally with(Milestone milestone) {
    Tally one = new Tally(Map.of(milestone.status(), 1L), milestone.status() == SalesStatus.MQL ? Map.of()
        : Map.of(milestone.status(), new TreeMap<>(Map.of(bucket(milestone.sinceQualifiedMillis()), 1L))));
    return plus(one);
  }

  public Tally plus(Tally other) {
    Map<SalesStatus, Long> counts = new EnumMap<>(SalesStatus.class);
    counts.putAll(reached);
    other.reached.forEach((status, count) -> counts.merge(status, count, Long::sum));
    Map<SalesStatus, SortedMap<Integer, Long>> times = new EnumMap<>(SalesStatus.class);
    sinceQualified.forEach((status, buckets) -> times.put(status, new TreeMap<>(buckets)));
    other.sinceQualified.forEach((status, buckets) -> buckets.forEach((bucket, count) ->
        times.computeIfAbsent(status, s -> new TreeMap<>()).merge(bucket, count, Long::sum)));
    return new Tally(counts, times);
  }

  public long count(SalesStatus status) {
    return reached.getOrDefault(status, 0L);
  }

  /** The median time from qualifying to {@code status}, in millis; null when no MQL of the cohort reached it. */
  public Long medianSinceQualifiedMillis(SalesStatus status) {
    SortedMap<Integer, Long> buckets = sinceQualified.get(status);
    if (buckets == null || buckets.isEmpty()) {
      return null;
    }
    long total = buckets.values().stream().mapToLong(Long::longValue).sum();
    long seen = 0;
    for (Map.Entry<Integer, Long> bucket : buckets.entrySet()) {
      seen += bucket.getValue();
      if (2 * seen >= total) {
        return middle(bucket.getKey());
      }
    }
    throw new IllegalStateException("unreachable: the buckets hold " + total);
  }

  /** Bucket b holds times t with GROWTH^b ≤ 1 + t/1000 < GROWTH^(b+1): seconds, to 5%. */
  static int bucket(long millis) {
    return (int) Math.floor(Math.log1p(Math.max(0, millis) / 1000.0) / LOG_GROWTH);
  }

  /** The geometric middle of a bucket, within 2.5% of any time in it. */
  static long middle(int bucket) {
    return Math.round(1000 * (Math.pow(GROWTH, bucket + 0.5) - 1));
  }
}
