package io.leadscore.topology;

import java.util.Map;
import java.util.TreeMap;

/** Keys of the stage × grade counts store, and the sum of such counts from several tasks or instances. */
public final class StageGradeCounts {

  private static final char SEPARATOR = '/';

  private StageGradeCounts() {
  }

  static String key(String stage, String grade) {
    return stage + SEPARATOR + grade;
  }

  /** Adds {@code count} for {@code key} into {@code into}, as stage, then grade, then count. */
  public static void add(Map<String, Map<String, Long>> into, String key, long count) {
    int at = key.lastIndexOf(SEPARATOR);
    into.computeIfAbsent(key.substring(0, at), s -> new TreeMap<>()).merge(key.substring(at + 1), count, Long::sum);
  }
}
