package io.leadscore.routing;

import java.util.List;

/** A member of a sales team, as the roster says now. {@code capacity} is per capacity period; null means no limit. */
public record SalesRep(
    String id, String name, String team, int weight, Integer capacity, boolean available, List<String> accounts) {

  public SalesRep {
    weight = Math.max(1, weight);
    accounts = accounts == null ? List.of() : List.copyOf(accounts);
  }
}
