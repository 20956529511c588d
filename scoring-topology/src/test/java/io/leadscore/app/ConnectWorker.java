package io.leadscore.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadscore.testing.LoopbackPort;
import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A Kafka Connect standalone worker in its own process, with the classpath and plugin path the {@code crm-sink} module
 * assembles, running one connector from a JSON file of the kind the Connect REST API takes.
 */
final class ConnectWorker implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration STARTUP = Duration.ofSeconds(120);

  private final Process process;
  private final Path log;

  private ConnectWorker(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** The crm-sink module's build output; the tests run after it in the reactor. */
  static Path sinkModule() {
    Path module = Path.of(System.getProperty("crm.sink.dir", "../crm-sink"));
    if (!Files.isDirectory(module.resolve("target/worker-lib"))
        || !Files.isDirectory(module.resolve("target/connect-plugins"))) {
      throw new IllegalStateException("the Connect worker is not assembled in " + module.resolve("target")
          + "; build from the project root (mvn verify), which packages crm-sink before these tests");
    }
    return module;
  }

  /**
   * Starts a worker with {@code worker} settings and the connectors in {@code connectorJsons}, whose settings
   * {@code overrides} replace, and waits until every connector's task runs.
   */
  static ConnectWorker start(Path dir, Map<String, String> worker, List<Path> connectorJsons,
      Map<String, String> overrides) throws IOException, InterruptedException {
    Path module = sinkModule();
    Files.createDirectories(dir);
    int port = LoopbackPort.free();
    Properties workerProps = new Properties();
    workerProps.putAll(worker);
    workerProps.put("listeners", "http://127.0.0.1:" + port);
    workerProps.put("offset.storage.file.filename", dir.resolve("connect.offsets").toString());
    workerProps.put("plugin.path", module.resolve("target/connect-plugins").toAbsolutePath().toString());
    // Debezium ships the ServiceLoader manifests, so the worker skips scanning every class of the plugin path.
    workerProps.put("plugin.discovery", "service_load");
    Path workerFile = write(dir.resolve("worker.properties"), workerProps);

    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-Xmx512m",
        "-Dlogback.configurationFile=" + module.resolve("worker-logback.xml").toAbsolutePath(),
        "-cp", module.resolve("target/worker-lib").toAbsolutePath() + "/*",
        "org.apache.kafka.connect.cli.ConnectStandalone", workerFile.toString()));
    List<String> names = new ArrayList<>();
    for (Path connectorJson : connectorJsons) {
      JsonNode connector = JSON.readTree(connectorJson.toFile());
      String name = connector.get("name").asText();
      Properties connectorProps = new Properties();
      connector.get("config").fields().forEachRemaining(e -> connectorProps.put(e.getKey(), e.getValue().asText()));
      connectorProps.put("name", name);
      connectorProps.putAll(overrides);
      command.add(write(dir.resolve(name + ".properties"), connectorProps).toString());
      names.add(name);
    }
    Path log = dir.resolve("worker.log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    ConnectWorker started = new ConnectWorker(process, log);
    try {
      for (String name : names) {
        started.awaitTaskRunning(port, name);
      }
    } catch (RuntimeException | InterruptedException | IOException e) {
      started.close();
      throw e;
    }
    return started;
  }

  private void awaitTaskRunning(int port, String connector) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    URI status = URI.create("http://127.0.0.1:" + port + "/connectors/" + connector + "/status");
    long deadline = System.nanoTime() + STARTUP.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the Connect worker exited:\n" + Files.readString(log));
      }
      try {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(status).build(),
            HttpResponse.BodyHandlers.ofString());
        last = response.body();
        if (response.statusCode() == 200) {
          JsonNode tasks = JSON.readTree(last).get("tasks");
          String state = tasks.isEmpty() ? "NONE" : tasks.get(0).get("state").asText();
          if (state.equals("RUNNING")) {
            return;
          }
          if (state.equals("FAILED")) {
            throw new IllegalStateException("the connector's task failed: " + last);
          }
        }
      } catch (IOException notYet) {
        // The REST server is not up yet.
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("the connector did not run within " + STARTUP + "; last status " + last
        + "; see " + log);
  }

  /** The worker's log so far, for failure messages. */
  String log() throws IOException {
    return Files.readString(log);
  }

  private static Path write(Path file, Properties props) throws IOException {
    try (Writer out = Files.newBufferedWriter(file)) {
      props.store(out, null);
    }
    return file;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
