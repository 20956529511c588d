package io.leadscore.topology;

import io.leadscore.avro.AccountScore;
import io.leadscore.avro.LeadAction;
import io.leadscore.avro.LeadProfile;
import io.leadscore.avro.LeadScore;
import io.leadscore.avro.MqlEntry;
import io.leadscore.avro.MqlRouting;
import io.leadscore.avro.RepStatus;
import io.leadscore.avro.RoutingKind;
import io.leadscore.avro.SalesRep;
import io.leadscore.routing.AlertTarget;
import io.leadscore.routing.Assignment;
import io.leadscore.routing.Qualified;
import io.leadscore.routing.Router;
import io.leadscore.rules.Attributes;
import io.leadscore.rules.Grade;
import io.leadscore.topology.RoutingInput.NewMqa;
import io.leadscore.topology.RoutingInput.NewMql;
import io.leadscore.topology.RoutingInput.Outcome;
import io.leadscore.topology.RoutingInput.OwnerAlert;
import io.leadscore.topology.RoutingInput.RosterChange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Routes each new MQL once, and reassigns the ones whose SLA passed without a CRM outcome. All MQLs, outcomes and
 * roster changes come to this processor's one partition, so one task holds the roster, rotation, capacity, ownership
 * and open assignments. Alerts for account owners come here too, to be told whom to alert: the output is an
 * {@link MqlRouting} or a {@link LeadAction}.
 */
final class MqlRouter implements Processor<String, RoutingInput, String, SpecificRecord> {

  static final int SLA_BATCH = 1_000;
  /** Queued MQLs offered again at a time, oldest first; the rest wait for the next chance. */
  static final int QUEUE_BATCH = 1_000;
  /** What a queue alert names as its cause. */
  static final String QUEUE_SLA = "queue-sla";
  /** Routing decisions kept for the API's feed of recent MQLs. */
  static final int RECENT_ROUTED = 100;

  private final Router router;
  private final Duration checkEvery;
  private final LeadscoreStores stores;
  private ProcessorContext<String, SpecificRecord> context;
  private StoreRoutingMemory memory;
  private KeyValueStore<String, MqlEntry> openEntries;
  private KeyValueStore<String, SalesRep> roster;
  private RecentLog<RoutedMql> recent;
  private TimeIndex queue;
  private TimeIndex queueSla;
  private DailyCounts mqlsPerRep;
  private long drainedPeriod = Long.MIN_VALUE;

  /** Names of the stores the router uses. */
  MqlRouter(Router router, Duration checkEvery, LeadscoreStores stores) {
    this.router = router;
    this.checkEvery = checkEvery;
    this.stores = stores;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    this.memory = new StoreRoutingMemory(context.getStateStore(stores.routingWeights().name()),
        context.getStateStore(stores.routingLoad().name()), context.getStateStore(stores.routingOwners().name()),
        context.getStateStore(stores.routingOpen().name()), context.getStateStore(stores.routingSlaIndex().name()));
    this.openEntries = context.getStateStore(stores.routingOpenMqls().name());
    this.roster = context.getStateStore(stores.salesReps().name());
    this.recent = new RecentLog<>(context.getStateStore(stores.recentMqls().name()), RECENT_ROUTED);
    this.queue = new TimeIndex(context.getStateStore(stores.routingQueue().name()));
    this.queueSla = new TimeIndex(context.getStateStore(stores.routingQueueSla().name()));
    this.mqlsPerRep = new DailyCounts(context.getStateStore(stores.mqlsPerRep().name()));
    context.schedule(checkEvery, PunctuationType.WALL_CLOCK_TIME, this::reassignOverdue);
  }

  @Override
  public void process(Record<String, RoutingInput> record) {
    if (record.value() instanceof NewMql mql) {
      MqlEntry entry = mql.entry();
      Assignment assignment = router.route(memory, qualified(entry), reps(), record.timestamp());
      remember(entry, assignment);
      forward(entry, assignment, record.timestamp());
    } else if (record.value() instanceof Outcome outcome) {
      String leadId = outcome.outcome().getLeadId();
      router.closed(memory, leadId);
      openEntries.delete(leadId);
    } else if (record.value() instanceof RosterChange change) {
      // Keyed by rep id: a rep who left has no record to name them.
      roster.put(record.key(), change.rep());
      drainQueue(record.timestamp());
    } else if (record.value() instanceof NewMqa mqa) {
      routeAccount(mqa.change().getSnapshot(), record.timestamp());
    } else if (record.value() instanceof OwnerAlert alert) {
      LeadAction action = alert.action();
      AlertTarget target = router.alertTarget(memory, qualified(action.getLeadId(), action.getProfile(),
          action.getSnapshot(), action.getInterests()), reps());
      SalesRep rep = target.repId() == null ? null : roster.get(target.repId());
      context.forward(new Record<>(action.getLeadId(), LeadAction.newBuilder(action).setTeam(target.team())
          .setRepId(target.repId()).setRepName(rep == null ? null : rep.getName()).setRule(target.via()).build(),
          record.timestamp()));
    }
  }

  /**
   * An MQA goes to its account's owner, or through the routing rules by its firmographics, as kind ACCOUNT keyed by its
   * domain. Its reasons say why the account qualified: its score, and its buying group.
   */
  private void routeAccount(AccountScore account, long timestamp) {
    Qualified qualified = new Qualified(account.getDomain(), new Attributes(account.getFirmographics()), null,
        Set.of(), account.getDomain());
    Assignment assignment = router.routeAccount(memory, qualified, reps(), timestamp);
    SalesRep rep = assignment.repId() == null ? null : roster.get(assignment.repId());
    List<String> reasons = new ArrayList<>();
    reasons.add(String.format(Locale.ROOT, "%s: %.0f points (engagement %.0f from %d leads, fit %.0f)",
        account.getStage(), account.getScore(), account.getEngagementScore(), account.getLeadCount(),
        account.getFitScore()));
    reasons.add("Buying group " + Math.round(account.getCoverage() * 100) + "% covered: "
        + String.join(", ", account.getRolesEngaged())
        + (account.getRolesMissing().isEmpty() ? "" : "; missing " + String.join(", ", account.getRolesMissing())));
    MqlRouting routing = MqlRouting.newBuilder()
        .setLeadId(account.getDomain())
        .setKind(RoutingKind.ACCOUNT)
        .setTeam(assignment.team())
        .setRepId(assignment.repId())
        .setRepName(rep == null ? null : rep.getName())
        .setRule(assignment.via())
        .setRoutedAt(Instant.ofEpochMilli(assignment.assignedAt()))
        .setAttempt(1)
        .setReasons(reasons)
        .setAccount(account)
        .build();
    recent.append(RoutedMql.of(routing));
    context.forward(new Record<>(account.getDomain(), routing, timestamp));
  }

  private void reassignOverdue(long now) {
    long period = Math.floorDiv(now, router.routing().capacityPeriod().toMillis());
    if (period != drainedPeriod) {
      // A new capacity period frees every rep's capacity (and after a restart, this runs once more: harmless).
      drainedPeriod = period;
      drainQueue(now);
    }
    alertOverdueQueue(now);
    List<io.leadscore.routing.SalesRep> reps = null;
    for (TimeIndex.Due due : memory.slaIndex().dueBy(now, SLA_BATCH)) {
      if (reps == null) {
        reps = reps();
      }
      MqlEntry entry = openEntries.get(due.id());
      Optional<Assignment> reassigned = router.reassign(memory, due.id(), reps, now);
      if (reassigned.isEmpty()) {
        memory.slaIndex().remove(due);
        continue;
      }
      remember(entry, reassigned.get());
      if (entry != null) {
        forward(entry, reassigned.get(), now);
      }
    }
  }

  private void remember(MqlEntry entry, Assignment assignment) {
    openEntries.put(assignment.leadId(), entry);
    if (assignment.queued()) {
      queue.move(assignment.leadId(), null, assignment.assignedAt());
      queueSla.move(assignment.leadId(), null, assignment.assignedAt() + queueSlaMs());
    }
  }

  private long queueSlaMs() {
    return router.routing().queueSla().toMillis();
  }

  /**
   * Alerts, once, for each lead still queued past the queue SLA since it was queued: one assigned or closed meanwhile,
   * or queued again later (which has its own entry), has left that place in the queue.
   */
  private void alertOverdueQueue(long now) {
    for (TimeIndex.Due due : queueSla.dueBy(now, SLA_BATCH)) {
      queueSla.remove(due);
      MqlEntry entry = openEntries.get(due.id());
      if (entry != null && queue.contains(due.time() - queueSlaMs(), due.id())) {
        Assignment queued = new Assignment(due.id(), router.routing().fallbackQueue(), null, QUEUE_SLA, now,
            null, 1, List.of());
        forward(entry, queued, RoutingKind.QUEUE_OVERDUE, now);
      }
    }
  }

  /**
   * Offers the queued MQLs again, oldest first, when a rep may have become free: one joined or came back, or a capacity
   * period began. A lead that an outcome closed, or that was assigned since, leaves the queue; one that still finds
   * nobody stays, without another record.
   */
  private void drainQueue(long now) {
    List<TimeIndex.Due> waiting = queue.dueBy(Long.MAX_VALUE - 1, QUEUE_BATCH);
    if (waiting.isEmpty()) {
      return;
    }
    List<io.leadscore.routing.SalesRep> reps = reps();
    for (TimeIndex.Due due : waiting) {
      MqlEntry entry = openEntries.get(due.id());
      if (entry == null || memory.open(due.id()).isPresent()) {
        queue.remove(due);
        continue;
      }
      Assignment assignment = router.route(memory, qualified(entry), reps, now);
      if (!assignment.queued()) {
        queue.remove(due);
        remember(entry, assignment);
        forward(entry, assignment, now);
      }
    }
  }

  private void forward(MqlEntry entry, Assignment assignment, long timestamp) {
    forward(entry, assignment, assignment.queued() ? RoutingKind.QUEUED
        : assignment.attempt() > 1 ? RoutingKind.REASSIGNED : RoutingKind.ASSIGNED, timestamp);
  }

  private void forward(MqlEntry entry, Assignment assignment, RoutingKind kind, long timestamp) {
    SalesRep rep = assignment.repId() == null ? null : roster.get(assignment.repId());
    List<String> previous = new ArrayList<>(assignment.tried());
    previous.remove(assignment.repId());
    MqlRouting routing = MqlRouting.newBuilder()
        .setLeadId(assignment.leadId())
        .setKind(kind)
        .setTeam(assignment.team())
        .setRepId(assignment.repId())
        .setRepName(rep == null ? null : rep.getName())
        .setRule(assignment.via())
        .setRoutedAt(Instant.ofEpochMilli(assignment.assignedAt()))
        .setDueAt(assignment.dueAt() == null ? null : Instant.ofEpochMilli(assignment.dueAt()))
        .setAttempt(assignment.attempt())
        .setPreviousReps(previous)
        .setReasons(entry.getSnapshot().getTopReasons().stream()
            .map(r -> r.getDescription() + " (" + (r.getPoints() < 0 ? "-" : "+")
                + Math.round(Math.abs(r.getPoints())) + ")").toList())
        .setSnapshot(entry.getSnapshot())
        .setProfile(entry.getProfile())
        .build();
    recent.append(RoutedMql.of(routing));
    if (kind == RoutingKind.ASSIGNED || kind == RoutingKind.REASSIGNED) {
      mqlsPerRep.add(assignment.assignedAt(), assignment.repId());
    }
    context.forward(new Record<>(assignment.leadId(), routing, timestamp));
  }

  private static Qualified qualified(MqlEntry entry) {
    return qualified(entry.getLeadId(), entry.getProfile(), entry.getSnapshot(), entry.getInterests());
  }

  private static Qualified qualified(String leadId, LeadProfile profile, LeadScore snapshot, List<String> interests) {
    // Ownership goes by the CRM's company domain only: email domains include free mail shared by unrelated people.
    String domain = profile == null ? null : profile.getCompanyDomain();
    return new Qualified(leadId, ProfileMapper.attributes(profile), Grade.valueOf(snapshot.getGrade().name()),
        new HashSet<>(interests),
        domain == null ? null : domain.toLowerCase(Locale.ROOT));
  }

  private List<io.leadscore.routing.SalesRep> reps() {
    List<io.leadscore.routing.SalesRep> reps = new ArrayList<>();
    try (KeyValueIterator<String, SalesRep> all = roster.all()) {
      while (all.hasNext()) {
        SalesRep rep = all.next().value;
        reps.add(new io.leadscore.routing.SalesRep(rep.getRepId(), rep.getName(), rep.getTeam(), rep.getWeight(),
            rep.getCapacity(), rep.getStatus() == RepStatus.AVAILABLE, rep.getAccounts()));
      }
    }
    return reps;
  }
}
