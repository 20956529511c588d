package io.leadscore.app;

import io.leadscore.rules.RulesLoader;
import io.leadscore.rules.ScoringRules;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "rules", mixinStandardHelpOptions = true, description = "Work with rules files.",
    subcommands = RulesCommand.Validate.class)
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
}
