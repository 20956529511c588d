package io.leadscore.routing;

import io.leadscore.rules.Rotation;
import io.leadscore.rules.Routing;
import io.leadscore.rules.RoutingRule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Routes qualified leads to reps. Rotation is the smooth weighted round robin (as in nginx): each eligible rep's running
 * weight grows by its weight, the highest takes the lead and gives back the sum of the weights, so any stretch of
 * leads is shared in proportion to the weights. Decisions depend only on the memory, the roster and the input, so
 * routing replayed after a failure decides the same.
 */
public final class Router {

  public static final String ACCOUNT_OWNER = "account-owner";
  public static final String FALLBACK = "fallback";
  public static final String SLA_REASSIGNMENT = "sla-reassignment";

  private final Routing routing;

  public Router(Routing routing) {
    this.routing = routing;
  }

  public Routing routing() {
    return routing;
  }

  public Assignment route(RoutingMemory memory, Qualified lead, Collection<SalesRep> roster, long now) {
    if (routing.accountOwnership() && lead.companyDomain() != null) {
      Optional<SalesRep> owner = owner(memory, lead.companyDomain(), roster);
      if (owner.isPresent() && owner.get().available()) {
        return assign(memory, lead.leadId(), owner.get(), ACCOUNT_OWNER, now, 1, List.of(), null);
      }
    }
    Optional<RoutingRule> rule = routing.rules().stream().filter(r -> matches(r, lead)).findFirst();
    if (rule.isEmpty()) {
      return queue(memory, lead.leadId(), FALLBACK, now, 1, List.of());
    }
    String team = rule.get().team();
    Optional<SalesRep> rep = rotate(memory, team, eligible(memory, team, roster, now, List.of()));
    return rep.isPresent()
        ? assign(memory, lead.leadId(), rep.get(), rule.get().id(), now, 1, List.of(), lead.companyDomain())
        : queue(memory, lead.leadId(), FALLBACK, now, 1, List.of());
  }

  /**
   * Routes an account that became an MQA: to its owner while available, else to a rep of the team of the first routing
   * rule its firmographics match (in rotation, within capacity; the rep becomes the account's owner if it had none),
   * else to the fallback queue. The CRM works the account: no SLA runs and no outcome is awaited.
   */
  public Assignment routeAccount(RoutingMemory memory, Qualified account, Collection<SalesRep> roster, long now) {
    Optional<SalesRep> owner = owner(memory, account.companyDomain(), roster);
    if (owner.isPresent() && owner.get().available()) {
      return worked(memory, account.leadId(), owner.get(), ACCOUNT_OWNER, now, null);
    }
    Optional<RoutingRule> rule = routing.rules().stream().filter(r -> matches(r, account)).findFirst();
    Optional<SalesRep> rep = rule.flatMap(r -> rotate(memory, r.team(), eligible(memory, r.team(), roster, now,
        List.of())));
    return rep.isPresent() ? worked(memory, account.leadId(), rep.get(), rule.get().id(), now, account.companyDomain())
        : new Assignment(account.leadId(), routing.fallbackQueue(), null, FALLBACK, now, null, 1, List.of());
  }

  /**
   * Whom to alert about a lead that entered an alerting stage: its account's owner while available, else the team of
   * the first matching rule, else the fallback queue. An alert assigns nothing: it takes no rotation turn and no
   * capacity, and starts no SLA.
   */
  public AlertTarget alertTarget(RoutingMemory memory, Qualified lead, Collection<SalesRep> roster) {
    if (routing.accountOwnership() && lead.companyDomain() != null) {
      Optional<SalesRep> owner = owner(memory, lead.companyDomain(), roster);
      if (owner.isPresent() && owner.get().available()) {
        return new AlertTarget(owner.get().team(), owner.get().id(), ACCOUNT_OWNER);
      }
    }
    return routing.rules().stream().filter(r -> matches(r, lead)).findFirst()
        .map(rule -> new AlertTarget(rule.team(), null, rule.id()))
        .orElse(new AlertTarget(routing.fallbackQueue(), null, FALLBACK));
  }

  /**
   * Gives a lead whose SLA passed to the next eligible rep of its team who has not had it, or to the fallback queue.
   * Empty when the lead's assignment was closed or replaced meanwhile.
   */
  public Optional<Assignment> reassign(RoutingMemory memory, String leadId, Collection<SalesRep> roster, long now) {
    Optional<Assignment> open = memory.open(leadId);
    if (open.isEmpty() || open.get().dueAt() == null || open.get().dueAt() > now) {
      return Optional.empty();
    }
    Assignment overdue = open.get();
    Optional<SalesRep> rep = rotate(memory, overdue.team(),
        eligible(memory, overdue.team(), roster, now, overdue.tried()));
    return Optional.of(rep.isPresent()
        ? assign(memory, leadId, rep.get(), SLA_REASSIGNMENT, now, overdue.attempt() + 1, overdue.tried(), null)
        : queue(memory, leadId, SLA_REASSIGNMENT, now, overdue.attempt() + 1, overdue.tried()));
  }

  /** The CRM reported an outcome: the lead's assignment no longer waits. */
  public void closed(RoutingMemory memory, String leadId) {
    memory.close(leadId);
  }

  private boolean matches(RoutingRule rule, Qualified lead) {
    boolean profile = rule.when().conditions().isEmpty()
        || (lead.profile() != null && rule.when().matches(lead.profile()));
    boolean grade = rule.grades().isEmpty() || (lead.grade() != null && rule.grades().contains(lead.grade()));
    boolean interest = rule.interestedIn().isEmpty()
        || rule.interestedIn().stream().anyMatch(lead.interests()::contains);
    return profile && grade && interest;
  }

  private static Optional<SalesRep> owner(RoutingMemory memory, String domain, Collection<SalesRep> roster) {
    Optional<SalesRep> declared = roster.stream().filter(r -> r.accounts().contains(domain))
        .min(Comparator.comparing(SalesRep::id));
    if (declared.isPresent()) {
      return declared;
    }
    return memory.owner(domain).flatMap(id -> roster.stream().filter(r -> r.id().equals(id)).findFirst());
  }

  private List<SalesRep> eligible(
      RoutingMemory memory, String team, Collection<SalesRep> roster, long now, List<String> excluded) {
    long period = period(now);
    return roster.stream()
        .filter(r -> team.equals(r.team()) && r.available() && !excluded.contains(r.id()))
        .filter(r -> r.capacity() == null || memory.load(r.id(), period) < r.capacity())
        .sorted(Comparator.comparing(SalesRep::id))
        .toList();
  }

  private Optional<SalesRep> rotate(RoutingMemory memory, String team, List<SalesRep> eligible) {
    if (eligible.isEmpty()) {
      return Optional.empty();
    }
    boolean weighted = routing.rotation(team) == Rotation.WEIGHTED;
    int total = 0;
    SalesRep best = null;
    int bestWeight = Integer.MIN_VALUE;
    for (SalesRep rep : eligible) {
      int weight = weighted ? rep.weight() : 1;
      total += weight;
      int current = memory.runningWeight(rep.id()) + weight;
      memory.runningWeight(rep.id(), current);
      if (current > bestWeight) {
        best = rep;
        bestWeight = current;
      }
    }
    memory.runningWeight(best.id(), bestWeight - total);
    return Optional.of(best);
  }

  private Assignment assign(RoutingMemory memory, String leadId, SalesRep rep, String via, long now, int attempt,
      List<String> tried, String companyDomain) {
    takeTurn(memory, rep, now, companyDomain);
    List<String> had = new ArrayList<>(tried);
    had.add(rep.id());
    Assignment assignment = new Assignment(leadId, rep.team(), rep.id(), via, now, now + routing.sla().toMillis(),
        attempt, had);
    memory.open(assignment);
    return assignment;
  }

  /** An account given to a rep: a turn and capacity taken, nothing opened. */
  private Assignment worked(RoutingMemory memory, String domain, SalesRep rep, String via, long now,
      String companyDomain) {
    takeTurn(memory, rep, now, companyDomain);
    return new Assignment(domain, rep.team(), rep.id(), via, now, null, 1, List.of(rep.id()));
  }

  /** The rep's capacity used once more; the rep becomes the owner of an account that had none. */
  private void takeTurn(RoutingMemory memory, SalesRep rep, long now, String companyDomain) {
    long period = period(now);
    memory.load(rep.id(), period, memory.load(rep.id(), period) + 1);
    if (companyDomain != null && memory.owner(companyDomain).isEmpty()) {
      memory.owner(companyDomain, rep.id());
    }
  }

  private Assignment queue(RoutingMemory memory, String leadId, String via, long now, int attempt,
      List<String> tried) {
    memory.close(leadId);
    return new Assignment(leadId, routing.fallbackQueue(), null, via, now, null, attempt, tried);
  }

  private long period(long time) {
    return Math.floorDiv(time, routing.capacityPeriod().toMillis());
  }
}
