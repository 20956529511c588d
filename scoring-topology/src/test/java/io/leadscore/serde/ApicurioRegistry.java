package io.leadscore.serde;

import io.leadscore.testing.LoopbackPort;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real Apicurio Registry (in-memory storage) in its own Java process on loopback, started once for the test JVM and
 * stopped when it exits. Clients use its Confluent-compatible API at {@link #url()}.
 */
public final class ApicurioRegistry {

  private static final Duration STARTUP = Duration.ofSeconds(90);
  private static ApicurioRegistry instance;

  private final Process process;
  private final String url;

  private ApicurioRegistry(Process process, String url) {
    this.process = process;
    this.url = url;
  }

  public static synchronized ApicurioRegistry get() throws IOException, InterruptedException {
    if (instance == null || !instance.process.isAlive()) {
      instance = start();
    }
    return instance;
  }

  /** The Confluent-compatible base URL, for {@code schema.registry.url}. */
  public String url() {
    return url;
  }

  /** Freezes the registry process (SIGSTOP): it keeps its port open but answers nothing, like a hung server. */
  public void freeze() throws IOException, InterruptedException {
    signal("-STOP");
  }

  /** Lets a frozen registry run again (SIGCONT), with everything it held. */
  public void thaw() throws IOException, InterruptedException {
    signal("-CONT");
  }

  private void signal(String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed");
    }
  }

  /** Apicurio's own REST API (v2), which Apicurio's serdes and Connect converter speak. */
  public String nativeApiUrl() {
    return url.replace("/apis/ccompat/v7", "/apis/registry/v2");
  }

  private static ApicurioRegistry start() throws IOException, InterruptedException {
    Path jar = Path.of(System.getProperty("apicurio.jar", "target/apicurio/apicurio-registry-app-runner.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("Apicurio Registry is not unpacked at " + jar + "; run the tests with Maven");
    }
    int port = LoopbackPort.free();
    String java = ProcessHandle.current().info().command().orElse("java");
    Path log = Files.createDirectories(Path.of("target")).resolve("apicurio-" + port + ".log");
    Process process = new ProcessBuilder(java, "-Xmx512m",
        "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
        "-Dregistry.ccompat.use-canonical-hash=true", "-jar", jar.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "stop-apicurio"));
    String url = "http://127.0.0.1:" + port + "/apis/ccompat/v7";
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Apicurio Registry exited at start; see " + log);
      }
      try {
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url + "/subjects")).build(),
            HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return new ApicurioRegistry(process, url);
        }
      } catch (IOException notYet) {
        // Not listening yet.
      }
      Thread.sleep(250);
    }
    process.destroy();
    throw new IllegalStateException("Apicurio Registry did not start within " + STARTUP + "; see " + log);
  }
}
