package io.leadscore.app;

import io.leadscore.rules.InvalidRulesException;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code leadscore}: run the scoring app, the embedded demo, or the tools around the rules and topology. */
@Command(name = "leadscore", mixinStandardHelpOptions = true, version = "leadscore 0.1.0",
    description = "Real-time B2B lead scoring on Kafka Streams.",
    subcommands = {RunCommand.class, ShadowCommand.class, DemoCommand.class, RulesCommand.class, TopologyCommand.class,
        CommandLine.HelpCommand.class})
public final class LeadscoreCli {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return new CommandLine(new LeadscoreCli())
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          // Configuration and rules problems are the user's to fix: say what is wrong, without a stack trace.
          if (e instanceof InvalidRulesException || e instanceof IllegalArgumentException
              || e instanceof IllegalStateException || e instanceof KafkaException) {
            cmd.getErr().println("leadscore: " + e.getMessage());
            return 2;
          }
          throw e;
        });
  }
}
