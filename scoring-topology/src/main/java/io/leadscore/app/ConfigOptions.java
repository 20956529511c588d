package io.leadscore.app;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options shared by the commands that run the topology. */
final class ConfigOptions {

  @Option(names = {"-c", "--config"}, paramLabel = "FILE",
      description = "Properties file with Kafka Streams, client and leadscore.* settings.")
  Path configFile;

  @Option(names = {"-r", "--rules"}, paramLabel = "FILE",
      description = "Rules file (YAML). Default: the rules that ship in the jar.")
  Path rulesFile;

  @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE",
      description = "Any setting, for example --set bootstrap.servers=kafka:9092 --set num.stream.threads=2.")
  Map<String, String> settings = new LinkedHashMap<>();

  LeadscoreConfig load() {
    Map<String, String> overrides = new LinkedHashMap<>(settings);
    if (rulesFile != null) {
      overrides.put(LeadscoreConfig.RULES_FILE, rulesFile.toString());
    }
    return LeadscoreConfig.load(configFile, System.getenv(), overrides);
  }
}
