package io.leadscore.topology;

import io.leadscore.avro.CrmOutcome;
import io.leadscore.avro.CrmOutcomeType;
import io.leadscore.avro.LeadProfile;
import io.leadscore.avro.MqlEntry;
import io.leadscore.avro.RepStatus;
import io.leadscore.avro.SalesRep;
import io.leadscore.routing.Router;
import io.leadscore.rules.Attributes;
import io.leadscore.rules.RulesLoader;
import io.leadscore.rules.ScoringRules;
import io.leadscore.score.Activity;
import io.leadscore.score.LeadScoring;
import io.leadscore.score.LeadState;
import io.leadscore.score.Scored;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The single routing task's own work: the real router processor over RocksDB stores, fed new MQLs (each with the
 * first outcome of the MQL before it) for a roster of reps in the default rules' teams. Every MQL and outcome of the
 * app passes through this one task, so its rate is the most MQLs per second the app can route, whatever its size.
 */
public final class RoutingThroughput implements AutoCloseable {

  private static final String[] COUNTRIES = {"MX", "BR", "US", "DE", "FR", "GB", "AR", "JP"};
  private static final String[][] TEAMS = {{"latam", "8"}, {"enterprise", "8"}, {"inside-sales", "24"}};

  private final MockTask<String, SpecificRecord> task;
  private final MockProcessorContext<String, SpecificRecord> context;
  private final MqlRouter router;
  private final MqlEntry template;
  private final long start = System.currentTimeMillis();
  private int routed;

  public RoutingThroughput(Path dir) {
    task = new MockTask<>(dir, "routing-throughput", new TaskId(2, 0));
    context = task.context;
    LeadscoreStores catalog = task.catalog;
    catalog.routerStores().forEach(task::add);
    ScoringRules rules = RulesLoader.loadDefault();
    router = new MqlRouter(new Router(rules.routing()), rules.engagement().decay().checkEvery(), catalog);
    router.init(context);
    for (String[] team : TEAMS) {
      for (int i = 0; i < Integer.parseInt(team[1]); i++) {
        SalesRep rep = SalesRep.newBuilder().setRepId(team[0] + "-" + i).setName("Rep " + i).setTeam(team[0])
            .setWeight(1 + i % 3).setStatus(RepStatus.AVAILABLE).build();
        router.process(new Record<>(rep.getRepId(), new RoutingInput.RosterChange(rep), start));
      }
    }
    template = qualifiedTemplate(rules);
  }

  /** A real MQL entry: a VP's demo requests and video, scored by the default rules. */
  private static MqlEntry qualifiedTemplate(ScoringRules rules) {
    LeadScoring scoring = new LeadScoring(rules);
    long now = System.currentTimeMillis();
    LeadState state = scoring.refit(scoring.newLead(), new Attributes(java.util.Map.of("jobLevel", "VP",
        "industry", "Software", "employees", "800", "country", "MX")));
    Scored qualified = null;
    String[][] events = {{"form_submit", "formId", "demo-request"}, {"video_watched", "videoId", "intro"},
        {"video_watched", "videoId", "demo"}, {"form_submit", "formId", "demo-request"}};
    for (int i = 0; i < events.length && (qualified == null || qualified.transition().isEmpty()
        || !qualified.transition().get().qualifies()); i++) {
      qualified = scoring.onActivity("template", state, new Activity("e" + i, "template", "web", events[i][0],
          now + i, Attributes.builder().put(events[i][1], events[i][2]).build())).orElseThrow();
      state = qualified.state();
    }
    if (qualified == null || qualified.transition().filter(t -> t.qualifies()).isEmpty()) {
      throw new IllegalStateException("the template lead did not qualify under the default rules");
    }
    LeadProfile profile = LeadProfile.newBuilder().setLeadId("template").setJobLevel("VP").setCountry("MX")
        .setEmployees(800).setUpdatedAt(Instant.ofEpochMilli(now)).build();
    return AvroOutputs.mqlEntry(new ScoringOutcome(qualified.card(), qualified.transition(), true, profile, null,
        null, List.of()));
  }

  /**
   * Routes {@code mqls} new MQLs, each after the first outcome of the MQL before it, and returns MQLs per second.
   * Leads spread over countries and company sizes, so every rule and team takes its share.
   */
  public double round(int mqls) {
    List<Record<String, RoutingInput>> inputs = new ArrayList<>(2 * mqls);
    for (int i = 0; i < mqls; i++) {
      int n = routed + i;
      String lead = "lead-" + n;
      LeadProfile profile = LeadProfile.newBuilder(template.getProfile()).setLeadId(lead)
          .setCountry(COUNTRIES[n % COUNTRIES.length]).setEmployees(n % 5 == 0 ? 9_000 : 300)
          .setCompanyDomain("company-" + (n % 5_000) + ".example").build();
      MqlEntry entry = MqlEntry.newBuilder(template).setLeadId(lead).setProfile(profile).build();
      inputs.add(new Record<>(ScoringTopology.ROUTING_KEY, new RoutingInput.NewMql(entry), start + n));
      if (i > 0) {
        CrmOutcome outcome = CrmOutcome.newBuilder().setLeadId("lead-" + (n - 1)).setOutcome(CrmOutcomeType.ACCEPTED)
            .setReportedAt(Instant.ofEpochMilli(start + n)).build();
        inputs.add(new Record<>(ScoringTopology.ROUTING_KEY, new RoutingInput.Outcome(outcome), start + n));
      }
    }
    context.resetForwards();
    long started = System.nanoTime();
    inputs.forEach(router::process);
    double seconds = (System.nanoTime() - started) / 1e9;
    int out = context.forwarded().size();
    if (out != mqls) {
      throw new IllegalStateException("routed " + out + " of " + mqls + " MQLs");
    }
    routed += mqls;
    return mqls / seconds;
  }

  @Override
  public void close() {
    router.close();
    task.close();
  }
}
