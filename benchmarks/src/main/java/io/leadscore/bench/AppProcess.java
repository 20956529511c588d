package io.leadscore.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A Kafka Streams app under measurement, in its own JVM so that its memory is its own. */
final class AppProcess implements AutoCloseable {

  private final Process process;
  private final Path log;

  private AppProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static AppProcess start(Path log, String heap, String mainClass, List<String> args) throws IOException {
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-Xms" + heap, "-Xmx" + heap, "-cp", System.getProperty("java.class.path"), mainClass));
    command.addAll(args);
    Files.createDirectories(log.getParent());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new AppProcess(process, log);
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

  /** Resident memory now and at its peak (VmRSS, VmHWM), in MiB. */
  long[] residentMemoryMib() throws IOException {
    long rss = 0;
    long peak = 0;
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
      if (line.startsWith("VmRSS:")) {
        rss = kib(line) / 1024;
      } else if (line.startsWith("VmHWM:")) {
        peak = kib(line) / 1024;
      }
    }
    return new long[] {rss, peak};
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
