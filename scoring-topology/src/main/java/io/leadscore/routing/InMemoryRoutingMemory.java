package io.leadscore.routing;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Routing memory in maps: for tests and tools that route without Kafka. */
public final class InMemoryRoutingMemory implements RoutingMemory {

  private final Map<String, Integer> weights = new HashMap<>();
  private final Map<String, Integer> loads = new HashMap<>();
  private final Map<String, String> owners = new HashMap<>();
  private final Map<String, Assignment> open = new HashMap<>();

  @Override
  public int runningWeight(String repId) {
    return weights.getOrDefault(repId, 0);
  }

  @Override
  public void runningWeight(String repId, int value) {
    weights.put(repId, value);
  }

  @Override
  public int load(String repId, long period) {
    return loads.getOrDefault(repId + "@" + period, 0);
  }

  @Override
  public void load(String repId, long period, int value) {
    loads.put(repId + "@" + period, value);
  }

  @Override
  public Optional<String> owner(String companyDomain) {
    return Optional.ofNullable(owners.get(companyDomain));
  }

  @Override
  public void owner(String companyDomain, String repId) {
    owners.put(companyDomain, repId);
  }

  @Override
  public Optional<Assignment> open(String leadId) {
    return Optional.ofNullable(open.get(leadId));
  }

  @Override
  public void open(Assignment assignment) {
    open.put(assignment.leadId(), assignment);
  }

  @Override
  public void close(String leadId) {
    open.remove(leadId);
  }
}
