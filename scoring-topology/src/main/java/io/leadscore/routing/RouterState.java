package io.leadscore.routing;

import java.util.Map;

/**
 * What routing remembers: each rep's running weight in the smooth weighted rotation, assignments per rep and capacity
 * period (keys {@code rep@period}), learned account owners (company domain to rep), and the assignments still waiting
 * for a CRM outcome, by lead.
 */
public record RouterState(
    Map<String, Integer> rotation, Map<String, Integer> load, Map<String, String> owners,
    Map<String, Assignment> open) {

  public static final RouterState EMPTY = new RouterState(Map.of(), Map.of(), Map.of(), Map.of());

  public RouterState {
    rotation = Map.copyOf(rotation);
    load = Map.copyOf(load);
    owners = Map.copyOf(owners);
    open = Map.copyOf(open);
  }
}
