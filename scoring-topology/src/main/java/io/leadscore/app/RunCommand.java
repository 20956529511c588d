package io.leadscore.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Score leads on a Kafka cluster until stopped (SIGTERM or Ctrl+C close it cleanly).")
final class RunCommand implements Callable<Integer> {

  @Mixin
  ConfigOptions options;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    LeadscoreConfig config = options.load();
    config.bootstrapServers(); // a clear error before any client tries to connect
    return untilStopped(ScoringApp.start(config), spec);
  }

  /** Runs {@code app} until SIGTERM or Ctrl+C close it (0), or it stops on its own (1, with why). */
  static int untilStopped(ScoringApp app, CommandSpec spec) throws InterruptedException {
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "leadscore-shutdown"));
    app.awaitStopped();
    String failure = app.failure();
    if (failure != null) {
      spec.commandLine().getErr().println("leadscore stopped: " + failure);
      return 1;
    }
    return 0;
  }
}
