package io.leadscore.app;

import io.leadscore.serde.AvroSerdes;
import io.leadscore.topology.LeadscoreTopics;
import io.leadscore.topology.ScoringTopology;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "topology", mixinStandardHelpOptions = true,
    description = "Print the Kafka Streams topology the app runs with these rules.")
final class TopologyCommand implements Callable<Integer> {

  @Mixin
  ConfigOptions options;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    LeadscoreConfig config = options.load();
    String description = ScoringTopology.buildTopology(config.rules(),
        LeadscoreTopics.with(AvroSerdes.inMemory("topology"))).describe().toString();
    spec.commandLine().getOut().print(description);
    return 0;
  }
}
