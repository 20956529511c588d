package io.leadscore.topology;

import io.leadscore.routing.Assignment;
import io.leadscore.routing.RoutingMemory;
import java.util.Optional;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Routing memory in state stores, one entry per rep, company and open assignment, so a routing decision writes a few
 * small changelog records. Open assignments are also indexed by SLA due time.
 */
final class StoreRoutingMemory implements RoutingMemory {

  /** Assignments a rep got in one capacity period; a new period replaces the count. */
  record Load(long period, int count) {
  }

  private final KeyValueStore<String, Integer> weights;
  private final KeyValueStore<String, Load> loads;
  private final KeyValueStore<String, String> owners;
  private final KeyValueStore<String, Assignment> open;
  private final TimeIndex slaIndex;

  StoreRoutingMemory(KeyValueStore<String, Integer> weights, KeyValueStore<String, Load> loads,
      KeyValueStore<String, String> owners, KeyValueStore<String, Assignment> open,
      KeyValueStore<Bytes, byte[]> slaIndex) {
    this.weights = weights;
    this.loads = loads;
    this.owners = owners;
    this.open = open;
    this.slaIndex = new TimeIndex(slaIndex);
  }

  TimeIndex slaIndex() {
    return slaIndex;
  }

  @Override
  public int runningWeight(String repId) {
    Integer weight = weights.get(repId);
    return weight == null ? 0 : weight;
  }

  @Override
  public void runningWeight(String repId, int value) {
    weights.put(repId, value);
  }

  @Override
  public int load(String repId, long period) {
    Load load = loads.get(repId);
    return load == null || load.period() != period ? 0 : load.count();
  }

  @Override
  public void load(String repId, long period, int value) {
    loads.put(repId, new Load(period, value));
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
    Assignment before = open.get(assignment.leadId());
    slaIndex.move(assignment.leadId(), before == null ? null : before.dueAt(), assignment.dueAt());
    open.put(assignment.leadId(), assignment);
  }

  @Override
  public void close(String leadId) {
    Assignment before = open.delete(leadId);
    if (before != null) {
      slaIndex.move(leadId, before.dueAt(), null);
    }
  }
}
