package io.leadscore.routing;

import io.leadscore.rules.Routing;
import io.leadscore.rules.RoutingRule;
import io.leadscore.rules.Rotation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Routes qualified leads to reps. Rotation is the smooth weighted round robin (as in nginx): each eligible rep's running
 * weight grows by its weight, the highest takes the lead and gives back the sum of the weights, so any stretch of
 * leads is shared in proportion to the weights and no rep gets two in a row it should not. Everything here is a pure
 * function of the state, the roster and the input, which makes routing deterministic when it is replayed.
 */
public final class Router {

  public static final String ACCOUNT_OWNER = "account-owner";
  public static final String FALLBACK = "fallback";
  public static final String SLA_REASSIGNMENT = "sla-reassignment";

  public record Routed(RouterState state, Assignment assignment) {
  }

  private final Routing routing;

  public Router(Routing routing) {
    this.routing = routing;
  }

  public Routed route(RouterState state, Qualified lead, Collection<SalesRep> roster, long now) {
    Mutable next = new Mutable(state);
    if (routing.accountOwnership() && lead.companyDomain() != null) {
      Optional<SalesRep> owner = owner(state, lead.companyDomain(), roster);
      if (owner.isPresent() && owner.get().available()) {
        return next.assign(lead.leadId(), owner.get(), ACCOUNT_OWNER, now, 1, List.of(), lead.companyDomain());
      }
    }
    Optional<RoutingRule> rule = routing.rules().stream().filter(r -> matches(r, lead)).findFirst();
    if (rule.isEmpty()) {
      return next.queue(lead.leadId(), routing.fallbackQueue(), FALLBACK, now, 1, List.of());
    }
    String team = rule.get().team();
    Optional<SalesRep> rep = next.rotate(team, eligible(team, roster, state, now, List.of()));
    return rep.isPresent()
        ? next.assign(lead.leadId(), rep.get(), rule.get().id(), now, 1, List.of(), lead.companyDomain())
        : next.queue(lead.leadId(), routing.fallbackQueue(), FALLBACK, now, 1, List.of());
  }

  /** The open assignments whose SLA has passed by {@code now}, oldest first. */
  public List<Assignment> overdue(RouterState state, long now) {
    return state.open().values().stream()
        .filter(a -> a.dueAt() != null && a.dueAt() <= now)
        .sorted(Comparator.comparingLong(Assignment::dueAt).thenComparing(Assignment::leadId))
        .toList();
  }

  /** Gives an overdue lead to the next eligible rep of its team who has not had it, or to the fallback queue. */
  public Routed reassign(RouterState state, Assignment overdue, Collection<SalesRep> roster, long now) {
    Mutable next = new Mutable(state);
    List<String> tried = new ArrayList<>(overdue.tried());
    Optional<SalesRep> rep = next.rotate(overdue.team(), eligible(overdue.team(), roster, state, now, tried));
    return rep.isPresent()
        ? next.assign(overdue.leadId(), rep.get(), SLA_REASSIGNMENT, now, overdue.attempt() + 1, tried, null)
        : next.queue(overdue.leadId(), routing.fallbackQueue(), SLA_REASSIGNMENT, now, overdue.attempt() + 1, tried);
  }

  /** The CRM reported an outcome: the lead's assignment no longer waits. */
  public RouterState closed(RouterState state, String leadId) {
    if (!state.open().containsKey(leadId)) {
      return state;
    }
    Map<String, Assignment> open = new HashMap<>(state.open());
    open.remove(leadId);
    return new RouterState(state.rotation(), state.load(), state.owners(), open);
  }

  private boolean matches(RoutingRule rule, Qualified lead) {
    boolean profile = rule.when().conditions().isEmpty()
        || (lead.profile() != null && rule.when().matches(lead.profile()));
    boolean grade = rule.grades().isEmpty() || rule.grades().contains(lead.grade());
    boolean interest = rule.interestedIn().isEmpty() || rule.interestedIn().stream().anyMatch(lead.interests()::contains);
    return profile && grade && interest;
  }

  private Optional<SalesRep> owner(RouterState state, String domain, Collection<SalesRep> roster) {
    Optional<SalesRep> declared = roster.stream().filter(r -> r.accounts().contains(domain))
        .min(Comparator.comparing(SalesRep::id));
    if (declared.isPresent()) {
      return declared;
    }
    String learned = state.owners().get(domain);
    return roster.stream().filter(r -> r.id().equals(learned)).findFirst();
  }

  private List<SalesRep> eligible(String team, Collection<SalesRep> roster, RouterState state, long now,
      List<String> excluded) {
    long period = Math.floorDiv(now, routing.capacityPeriod().toMillis());
    return roster.stream()
        .filter(r -> team.equals(r.team()) && r.available() && !excluded.contains(r.id()))
        .filter(r -> r.capacity() == null || state.load().getOrDefault(loadKey(r.id(), period), 0) < r.capacity())
        .sorted(Comparator.comparing(SalesRep::id))
        .toList();
  }

  private static String loadKey(String repId, long period) {
    return repId + "@" + period;
  }

  /** The state being changed by one routing decision. */
  private final class Mutable {
    private final Map<String, Integer> rotation;
    private final Map<String, Integer> load;
    private final Map<String, String> owners;
    private final Map<String, Assignment> open;

    Mutable(RouterState state) {
      rotation = new HashMap<>(state.rotation());
      load = new HashMap<>(state.load());
      owners = new HashMap<>(state.owners());
      open = new HashMap<>(state.open());
    }

    Optional<SalesRep> rotate(String team, List<SalesRep> eligible) {
      if (eligible.isEmpty()) {
        return Optional.empty();
      }
      boolean weighted = routing.rotation(team) == Rotation.WEIGHTED;
      int total = 0;
      SalesRep best = null;
      for (SalesRep rep : eligible) {
        int weight = weighted ? rep.weight() : 1;
        total += weight;
        int current = rotation.getOrDefault(rep.id(), 0) + weight;
        rotation.put(rep.id(), current);
        if (best == null || current > rotation.get(best.id())) {
          best = rep;
        }
      }
      rotation.put(best.id(), rotation.get(best.id()) - total);
      return Optional.of(best);
    }

    Routed assign(String leadId, SalesRep rep, String via, long now, int attempt, List<String> tried,
        String companyDomain) {
      long period = Math.floorDiv(now, routing.capacityPeriod().toMillis());
      load.merge(loadKey(rep.id(), period), 1, Integer::sum);
      // Counters of earlier periods can no longer limit anyone.
      load.keySet().removeIf(key -> Long.parseLong(key.substring(key.lastIndexOf('@') + 1)) < period);
      if (companyDomain != null) {
        owners.putIfAbsent(companyDomain, rep.id());
      }
      List<String> had = new ArrayList<>(tried);
      had.add(rep.id());
      Assignment assignment = new Assignment(leadId, rep.team(), rep.id(), via, now,
          now + routing.sla().toMillis(), attempt, had);
      open.put(leadId, assignment);
      return new Routed(new RouterState(rotation, load, owners, open), assignment);
    }

    Routed queue(String leadId, String queue, String via, long now, int attempt, List<String> tried) {
      open.remove(leadId);
      Assignment assignment = new Assignment(leadId, queue, null, via, now, null, attempt, tried);
      return new Routed(new RouterState(rotation, load, owners, open), assignment);
    }
  }
}
