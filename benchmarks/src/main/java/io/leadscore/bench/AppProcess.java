package io.leadscore.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Kafka Streams app under measurement, in its own JVM so that its memory is its own. */
final class AppProcess implements AutoCloseable {

  private static final Pattern THREAD_RATIO =
      Pattern.compile("^kafka_stream_thread_(\\w+)_ratio\\{.*\\} ([0-9.eE+-]+)$");

  private final Process process;
  private final Path log;
  private final URI api;
  private final HttpClient http = HttpClient.newHttpClient();

  private AppProcess(Process process, Path log, URI api) {
    this.process = process;
    this.log = log;
    this.api = api;
  }

  /** Starts {@code mainClass}; {@code api} is where it serves /ready and /metrics, or null if it serves neither. */
  static AppProcess start(Path log, String heap, List<String> jvmOptions, URI api, String mainClass,
      List<String> args) throws IOException {
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-Xms" + heap, "-Xmx" + heap));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    command.addAll(args);
    Files.createDirectories(log.getParent());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new AppProcess(process, log, api);
  }

  /**
   * Waits until the readiness endpoint says RUNNING: a member that closed without leaving the group holds the
   * rebalance until its session times out, and that wait is not what is measured.
   */
  void awaitReady(Duration limit) throws IOException, InterruptedException {
    HttpRequest ready = HttpRequest.newBuilder(api.resolve("/ready")).build();
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      requireAlive();
      try {
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notListeningYet) {
        // the API comes up with the app; until then, ask again
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the app was not ready within " + limit + "; see " + log);
      }
      Thread.sleep(200);
    }
  }

  boolean servesMetrics() {
    return api != null;
  }

  /**
   * How the stream threads spend their time now, from Kafka Streams' own thread metrics (process, poll, commit,
   * punctuate ratios), averaged over the threads.
   */
  Map<String, Double> threadTimeRatios() throws IOException, InterruptedException {
    String metrics = http.send(HttpRequest.newBuilder(api.resolve("/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    Map<String, List<Double>> values = new TreeMap<>();
    for (String line : metrics.split("\n")) {
      Matcher m = THREAD_RATIO.matcher(line);
      if (m.matches()) {
        values.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(Double.parseDouble(m.group(2)));
      }
    }
    Map<String, Double> ratios = new TreeMap<>();
    values.forEach((part, threads) -> ratios.put(part,
        threads.stream().mapToDouble(Double::doubleValue).average().orElse(0)));
    return ratios;
  }

  void requireAlive() throws IOException {
    if (!process.isAlive()) {
      throw new IllegalStateException("the app under measurement exited; its log " + log + " ends with:\n"
          + String.join("\n", tail(Files.readAllLines(log), 30)));
    }
  }

  private static List<String> tail(List<String> lines, int count) {
    return lines.subList(Math.max(0, lines.size() - count), lines.size());
  }

  /** Peak resident memory so far (VmHWM), in MiB. */
  long peakResidentMemoryMib() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
      if (line.startsWith("VmHWM:")) {
        return kib(line) / 1024;
      }
    }
    throw new IllegalStateException("no VmHWM in /proc/" + process.pid() + "/status");
  }

  /** CPU time the app has used so far, user and system, in seconds. */
  double cpuSeconds() throws IOException {
    return cpuSeconds(process.pid());
  }

  /**
   * CPU time of a process from {@code /proc/<pid>/stat}: utime and stime, the 14th and 15th fields, in clock ticks
   * (100 per second on Linux). The command name, the second field, may hold spaces, so fields count from its ')'.
   */
  static double cpuSeconds(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
  }

  private static long kib(String statusLine) {
    return Long.parseLong(statusLine.replaceAll("[^0-9]", ""));
  }

  /** SIGTERM, so that the app closes Kafka Streams (and flushes its stores) as it would in production. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
