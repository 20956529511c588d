package io.leadscore.lifecycle;

import java.util.List;

/**
 * Engagement at qualification in bands, for reports: band 1 from the first bound up to the second, band 2 from the
 * second, and so on; the last band is open above, and band 0 holds the MQLs below the first bound (a grade can qualify
 * a lead with little engagement).
 */
public record EngagementBands(List<Double> bounds) {

  public EngagementBands {
    bounds = List.copyOf(bounds);
  }

  public int of(double engagement) {
    int band = 0;
    while (band < bounds.size() && engagement >= bounds.get(band)) {
      band++;
    }
    return band;
  }

  /** What band {@code band} holds, as in "100–150" (from 100 up to 150), "250+" or "below 100". */
  public String label(int band) {
    if (band == 0) {
      return "below " + number(bounds.get(0));
    }
    return band == bounds.size() ? number(bounds.get(band - 1)) + "+"
        : number(bounds.get(band - 1)) + "–" + number(bounds.get(band));
  }

  private static String number(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
  }
}
