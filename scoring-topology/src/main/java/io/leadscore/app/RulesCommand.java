package io.leadscore.app;

import io.leadscore.api.ShadowReport;
import io.leadscore.avro.RulesVersion;
import io.leadscore.rules.RulesDiff;
import io.leadscore.rules.RulesLoader;
import io.leadscore.rules.ScoringRules;
import io.leadscore.score.ScoreComparison;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "rules", mixinStandardHelpOptions = true,
    description = "Work with rules files, and with the versions published on leadscore.rules.",
    subcommands = {RulesCommand.Validate.class, RulesCommand.Publish.class, RulesCommand.ListVersions.class,
        RulesCommand.Show.class, RulesCommand.Diff.class, RulesCommand.Compare.class,
        RulesCommand.Promote.class})
final class RulesCommand {

  @Command(name = "validate", mixinStandardHelpOptions = true,
      description = "Check a rules file; prints a summary, or the file, line and rule of the first problem.")
  static final class Validate implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "The rules file (YAML).")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      ScoringRules rules = RulesLoader.load(file);
      spec.commandLine().getOut().printf("%s: valid, version %s: %d engagement rules, %d fit rules, %d modifiers, "
              + "stages %s, decay %s%n", file, rules.version(), rules.engagement().rules().size(),
          rules.fit().rules().size(), rules.modifiers().size(),
          rules.stages().levels().stream().map(s -> s.id()).toList(), rules.engagement().decay().type()
              .name().toLowerCase());
      return 0;
    }
  }

  /** What the commands on published versions share: the connection settings, and where to print. */
  abstract static class OnPublishedVersions implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    RulesCatalog catalog() {
      return new RulesCatalog(options.load());
    }

    PrintWriter out() {
      return spec.commandLine().getOut();
    }
  }

  @Command(name = "publish", mixinStandardHelpOptions = true,
      description = "Publish a rules file on leadscore.rules as a draft under the version it names. A published "
          + "version never changes: publishing other rules under it is refused; the same file again changes nothing.")
  static final class Publish extends OnPublishedVersions {

    @Parameters(paramLabel = "FILE", description = "The rules file (YAML).")
    Path file;

    @Option(names = "--comment", description = "Why this version is published.")
    String comment;

    @Option(names = "--author", description = "Who publishes it. Default: the user running the command.")
    String author = System.getProperty("user.name", "unknown");

    @Override
    public Integer call() throws IOException, InterruptedException {
      RulesCatalog.Published published = catalog()
          .publish(file.toString(), Files.readString(file, StandardCharsets.UTF_8), author, comment, Instant.now());
      RulesVersion version = published.version();
      out().printf(published.isNew()
          ? "published %s as a draft%n" : "%s was published already, with the same rules, on %s; nothing changed%n",
          version.getVersion(), version.getPublishedAt());
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List every published rules version: status, when and by whom, and why.")
  static final class ListVersions extends OnPublishedVersions {

    @Override
    public Integer call() {
      Map<String, RulesVersion> versions = catalog().versions();
      out().println(versions.isEmpty() ? "no rules version has been published; publish one with: leadscore rules "
          + "publish FILE" : RulesCatalog.describe(versions));
      return 0;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Print a published version's rules file.")
  static final class Show extends OnPublishedVersions {

    @Parameters(paramLabel = "VERSION", description = "A published version.")
    String version;

    @Override
    public Integer call() {
      RulesVersion found = published(catalog().versions(), version);
      PrintWriter out = out();
      out.printf("# version %s, %s, published %s by %s%s%n", found.getVersion(),
          found.getStatus().name().toLowerCase(), found.getPublishedAt(), found.getAuthor(),
          found.getComment() == null ? "" : ": " + found.getComment());
      out.print(found.getYaml());
      return 0;
    }
  }

  @Command(name = "diff", mixinStandardHelpOptions = true,
      description = "What changed from one rules version to another, rule by rule: rules added and removed, and "
          + "changed points, caps, conditions, thresholds, grades and settings. Each side is a published version or a "
          + "rules file.")
  static final class Diff extends OnPublishedVersions {

    @Parameters(index = "0", paramLabel = "FROM", description = "A published version, or a rules file.")
    String from;

    @Parameters(index = "1", paramLabel = "TO", description = "A published version, or a rules file.")
    String to;

    @Override
    public Integer call() {
      Sides sides = new Sides(this::catalog);
      ScoringRules before = sides.rules(from);
      ScoringRules after = sides.rules(to);
      List<RulesDiff.Change> changes = RulesDiff.between(before, after);
      PrintWriter out = out();
      out.printf("%s -> %s: %s%n", before.version(), after.version(),
          changes.isEmpty() ? "no change" : changes.size() + (changes.size() == 1 ? " change" : " changes"));
      changes.forEach(out::println);
      return 0;
    }
  }

  @Command(name = "compare", mixinStandardHelpOptions = true,
      description = "The live scores against a candidate's, scored in the shadow (leadscore shadow --version V): "
          + "leads per stage and grade under each, leads the candidate moves up or down, MQLs it gains and loses, and "
          + "the leads whose scores differ most, with the reasons on each side.")
  static final class Compare extends OnPublishedVersions {

    @Parameters(paramLabel = "VERSION", description = "The candidate, a published version scored in the shadow.")
    String version;

    @Option(names = "--top", defaultValue = "10", description = "Leads with the largest differences to list.")
    int top;

    @Override
    public Integer call() {
      RulesCatalog catalog = catalog();
      ScoringRules candidate = catalog.rules(published(catalog.versions(), version));
      ShadowReport report = new ShadowComparer(options.load(), Clock.systemUTC(), Duration.ZERO)
          .compare(candidate, top, Instant.now());
      PrintWriter out = out();
      if (report.compared() + report.candidateOnly() == 0) {
        out.printf("the candidate %s has scored no lead yet: run leadscore shadow --version %s%n", version, version);
        return 0;
      }
      out.printf("live against %s: %d leads scored by both (%d live only, %d by the candidate only)%n", version,
          report.compared(), report.liveOnly(), report.candidateOnly());
      out.printf("%nleads per stage and grade, live -> candidate%n%-12s", "stage");
      report.grades().forEach(grade -> out.printf("%14s", grade));
      out.println();
      for (ShadowReport.StageRow row : report.stages()) {
        out.printf("%-12s", row.stage());
        report.grades().forEach(grade -> out.printf("%14s", row.live().getOrDefault(grade, 0L) + " -> "
            + row.candidate().getOrDefault(grade, 0L)));
        out.println();
      }
      out.printf("%nmoved up %d, down %d, same stage %d, to a stage the candidate does not have %d%n", report.up(),
          report.down(), report.same(), report.otherStage());
      out.printf("MQLs gained %d%s, lost %d%s%n", report.mqlsGained().count(), sample(report.mqlsGained()),
          report.mqlsLost().count(), sample(report.mqlsLost()));
      out.printf("%nlargest differences%n");
      for (ScoreComparison.Difference difference : report.largest()) {
        out.printf("%s  %s %s -> %s %s%n    live: %s%n    %s: %s%n", difference.leadId(), difference.live().label(),
            difference.live().stage(), difference.candidate().label(), difference.candidate().stage(),
            String.join(", ", difference.live().reasons()), version,
            String.join(", ", difference.candidate().reasons()));
      }
      return 0;
    }

    private static String sample(ShadowReport.Leads leads) {
      List<String> shown = leads.leads();
      return shown.isEmpty() ? "" : " (" + String.join(", ", shown.subList(0, Math.min(5, shown.size())))
          + (leads.count() > 5 ? ", ..." : "") + ")";
    }
  }

  @Command(name = "promote", mixinStandardHelpOptions = true,
      description = "Make a version scored in the shadow the live one: every lead takes the score, grade and stage the "
          + "shadow gave it. Stop the live app and the shadow first; then start the live app with "
          + "leadscore.rules.catalog=true. Rolling back is the same: score the version before in the shadow again, "
          + "and promote it.")
  static final class Promote extends OnPublishedVersions {

    @Parameters(paramLabel = "VERSION", description = "The version to promote, scored in the shadow.")
    String version;

    @Override
    public Integer call() throws Exception {
      Promoter.Result result = new Promoter(options.load()).promote(version, Instant.now());
      PrintWriter out = out();
      out.printf("promoted %s%s: %s takes over from %s%n", result.version(),
          result.from() == null ? "" : " (after " + result.from() + ")", result.promotedApplication(),
          result.liveApplication());
      out.printf("%d leads handed over: %d change stage, MQLs gained %d, lost %d%n", result.leads(),
          result.stageChanges(), result.mqlsGained(), result.mqlsLost());
      out.printf("routing state carried over: %d records; input the shadow has yet to score: %d records%n",
          result.routingRecords(), result.lag());
      out.printf("next: start the live app with leadscore.rules.catalog=true; it runs %s as %s%n", result.version(),
          result.promotedApplication());
      return 0;
    }
  }

  /** A side of a diff: a file when one exists at that path, else a version read from the topic (once). */
  private static final class Sides {
    private final Supplier<RulesCatalog> connect;
    private RulesCatalog catalog;
    private Map<String, RulesVersion> versions;

    Sides(Supplier<RulesCatalog> connect) {
      this.connect = connect;
    }

    ScoringRules rules(String side) {
      Path file = Path.of(side);
      if (Files.isRegularFile(file)) {
        return RulesLoader.load(file);
      }
      if (catalog == null) {
        catalog = connect.get();
        versions = catalog.versions();
      }
      return catalog.rules(published(versions, side));
    }
  }

  private static RulesVersion published(Map<String, RulesVersion> versions, String version) {
    RulesVersion found = versions.get(version);
    if (found == null) {
      throw new IllegalArgumentException("no rules version " + version + " has been published"
          + (versions.isEmpty() ? "" : "; published: " + String.join(", ", versions.keySet())));
    }
    return found;
  }
}
