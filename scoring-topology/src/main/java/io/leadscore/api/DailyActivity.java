package io.leadscore.api;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Day by day (UTC), for the dashboard's charts over time: how many leads entered each stage, moving up and moving down,
 * and how many MQLs each rep was given. Every list follows {@code days}.
 */
public record DailyActivity(List<String> days, Map<String, Map<String, List<Long>>> stageEntries,
    Map<String, List<Long>> mqlsPerRep) {

  /**
   * @param stageEntries counts per {@code direction|stage} and day
   * @param mqlsPerRep counts per rep and day
   */
  static DailyActivity of(LocalDate from, LocalDate to, Map<String, Map<String, Long>> stageEntries,
      Map<String, Map<String, Long>> mqlsPerRep) {
    List<String> days = new ArrayList<>();
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
      days.add(day.toString());
    }
    Map<String, Map<String, List<Long>>> entries = new TreeMap<>();
    stageEntries.forEach((name, counts) -> {
      int split = name.indexOf('|');
      entries.computeIfAbsent(name.substring(split + 1), stage -> new TreeMap<>())
          .put(name.substring(0, split), series(days, counts));
    });
    Map<String, List<Long>> perRep = new TreeMap<>();
    mqlsPerRep.forEach((rep, counts) -> perRep.put(rep, series(days, counts)));
    return new DailyActivity(days, entries, perRep);
  }

  private static List<Long> series(List<String> days, Map<String, Long> counts) {
    return days.stream().map(day -> counts.getOrDefault(day, 0L)).toList();
  }
}
