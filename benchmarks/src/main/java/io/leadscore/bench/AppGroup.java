package io.leadscore.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The instances of one application under measurement, as one: their CPU and memory add up. */
final class AppGroup implements AutoCloseable {

  private final List<AppProcess> instances = new ArrayList<>();

  static AppGroup of(AppProcess app) {
    AppGroup group = new AppGroup();
    group.add(app);
    return group;
  }

  /** Joins a started instance to the group, which closes it with the others. */
  void add(AppProcess app) {
    instances.add(app);
  }

  AppProcess first() {
    return instances.get(0);
  }

  void requireAlive() throws IOException {
    for (AppProcess app : instances) {
      app.requireAlive();
    }
  }

  double cpuSeconds() throws IOException {
    double total = 0;
    for (AppProcess app : instances) {
      total += app.cpuSeconds();
    }
    return total;
  }

  long peakResidentMemoryMib() throws IOException {
    long total = 0;
    for (AppProcess app : instances) {
      total += app.peakResidentMemoryMib();
    }
    return total;
  }

  boolean servesMetrics() {
    return first().servesMetrics();
  }

  /** The first instance's stream threads, as a sample of the group's. */
  Map<String, Double> threadTimeRatios() throws IOException, InterruptedException {
    return first().threadTimeRatios();
  }

  @Override
  public void close() throws InterruptedException {
    List<InterruptedException> failures = new ArrayList<>();
    for (AppProcess app : instances) {
      try {
        app.close();
      } catch (InterruptedException e) {
        failures.add(e);
      }
    }
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
  }
}
