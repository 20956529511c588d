package io.leadscore.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.leadscore.lifecycle.Cohort;
import io.leadscore.lifecycle.EngagementBands;
import io.leadscore.lifecycle.SalesStatus;
import io.leadscore.lifecycle.Tally;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * How MQLs converted, per cohort: one row per rules version and value of a dimension, rows of one value next to each
 * other across versions, so that a new version's MQLs can be compared with an earlier one's. {@code reached} counts
 * the MQLs that reached each status in the cycle they qualified in, {@code rate} divides by the MQLs, and
 * {@code medianSecondsSinceQualified} is the median time from qualifying to the status (within 2.5%).
 */
public record EffectivenessReport(List<Band> bands, List<Row> rows) {

  /** The statuses reported after MQL, in funnel order. */
  static final List<SalesStatus> REPORTED = List.of(SalesStatus.SAL, SalesStatus.SQL, SalesStatus.WON,
      SalesStatus.LOST, SalesStatus.REJECTED, SalesStatus.RECYCLED);
  /** The conversions a rate is given for. */
  static final List<SalesStatus> CONVERSIONS = List.of(SalesStatus.SAL, SalesStatus.SQL, SalesStatus.WON);

  private static final CsvMapper CSV = new CsvMapper();

  public record Band(int band, String engagement) {
  }

  public record Row(String rulesVersion, String dimension, String value, long mqls, Map<SalesStatus, Long> reached,
      Map<SalesStatus, Double> rate, Map<SalesStatus, Long> medianSecondsSinceQualified) {
  }

  public static EffectivenessReport of(Map<Cohort, Tally> tallies, EngagementBands bands, Predicate<Cohort> wanted) {
    List<Band> bandList = IntStream.rangeClosed(0, bands.bounds().size())
        .mapToObj(band -> new Band(band, bands.label(band))).toList();
    List<Row> rows = new ArrayList<>();
    tallies.entrySet().stream()
        .filter(entry -> wanted.test(entry.getKey()))
        .sorted(Map.Entry.comparingByKey(Comparator
            .comparing((Cohort c) -> Cohort.DIMENSIONS.indexOf(c.dimension()))
            .thenComparing(Cohort::value)
            .thenComparing(Cohort::rulesVersion)))
        .forEach(entry -> rows.add(row(entry.getKey(), entry.getValue())));
    return new EffectivenessReport(bandList, rows);
  }

  private static Row row(Cohort cohort, Tally tally) {
    long mqls = tally.count(SalesStatus.MQL);
    Map<SalesStatus, Long> reached = new LinkedHashMap<>();
    Map<SalesStatus, Double> rate = new LinkedHashMap<>();
    Map<SalesStatus, Long> median = new LinkedHashMap<>();
    for (SalesStatus status : REPORTED) {
      reached.put(status, tally.count(status));
      Long millis = tally.medianSinceQualifiedMillis(status);
      if (millis != null) {
        median.put(status, Math.round(millis / 1000.0));
      }
    }
    for (SalesStatus status : CONVERSIONS) {
      rate.put(status, mqls == 0 ? 0.0 : (double) tally.count(status) / mqls);
    }
    return new Row(cohort.rulesVersion(), cohort.dimension(), cohort.value(), mqls, reached, rate, median);
  }

  /** The rows as CSV (RFC 4180): counts, then rates, then median seconds (empty where no MQL reached the status). */
  public String csv() {
    CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true).setLineSeparator("\r\n");
    List.of("rules_version", "dimension", "value", "mqls").forEach(schema::addColumn);
    REPORTED.forEach(status -> schema.addColumn(column(status)));
    CONVERSIONS.forEach(status -> schema.addColumn(column(status) + "_rate"));
    REPORTED.forEach(status -> schema.addColumn("median_seconds_to_" + column(status)));
    List<Map<String, Object>> lines = new ArrayList<>();
    for (Row row : rows) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("rules_version", row.rulesVersion());
      line.put("dimension", row.dimension());
      line.put("value", row.value());
      line.put("mqls", row.mqls());
      REPORTED.forEach(status -> line.put(column(status), row.reached().get(status)));
      CONVERSIONS.forEach(status -> line.put(column(status) + "_rate",
          String.format(Locale.ROOT, "%.4f", row.rate().get(status))));
      REPORTED.forEach(status -> line.put("median_seconds_to_" + column(status),
          row.medianSecondsSinceQualified().get(status)));
      lines.add(line);
    }
    try {
      return CSV.writer(schema.build()).writeValueAsString(lines);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String column(SalesStatus status) {
    return status.name().toLowerCase(Locale.ROOT);
  }
}
