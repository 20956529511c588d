package io.leadscore.app;

import io.leadscore.avro.RulesStatus;
import io.leadscore.avro.RulesVersion;
import io.leadscore.rules.ScoringRules;
import io.leadscore.topology.LeadscoreTopics;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

// Not mixinStandardHelpOptions: its --version would print the app's version, and here it names the candidate.
@Command(name = "shadow",
    description = "Score a published candidate rules version beside the live app, from the earliest retained input, "
        + "into leadscore.shadow.<version>.* topics; it routes nothing and alerts no one. Runs until stopped.")
final class ShadowCommand implements Callable<Integer> {

  @Mixin
  ConfigOptions options;

  @Option(names = "--version", required = true, description = "The candidate: a version published on leadscore.rules.")
  String version;

  @Option(names = "--from", paramLabel = "TIME", description = "Score activity (by event time) and CRM outcomes (by "
      + "report time) from this time on, such as 2026-11-01T00:00:00Z, rather than everything retained; profiles are "
      + "read whole. Only on the shadow's first start: a restart goes on where it stopped.")
  Instant from;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean help;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    LeadscoreConfig config = options.load();
    RulesCatalog catalog = new RulesCatalog(config);
    RulesVersion published = catalog.versions().get(version);
    if (published == null) {
      spec.commandLine().getErr().println("no rules version " + version + " on " + LeadscoreTopics.RULES
          + ": publish it first (leadscore rules publish FILE)");
      return 2;
    }
    if (published.getStatus() == RulesStatus.ACTIVE) {
      spec.commandLine().getErr().println("rules version " + version + " is the active one: a shadow of it would "
          + "score what the live app scores");
      return 2;
    }
    if (from != null && from.isAfter(Instant.now())) {
      spec.commandLine().getErr().println("--from " + from + " is in the future");
      return 2;
    }
    ScoringRules candidate = catalog.rules(published);
    catalog.shadowed(published, Instant.now());
    spec.commandLine().getOut().printf("Scoring rules %s in the shadow: outputs on %s*%n", version,
        LeadscoreTopics.shadowName("leadscore.", version));
    spec.commandLine().getOut().flush();
    return RunCommand.untilStopped(ScoringApp.startShadow(config, candidate, from), spec);
  }
}
