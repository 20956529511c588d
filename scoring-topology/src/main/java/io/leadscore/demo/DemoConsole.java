package io.leadscore.demo;

import io.leadscore.avro.ActionKind;
import io.leadscore.avro.LeadAction;
import io.leadscore.avro.MqlEntry;
import io.leadscore.avro.MqlRouting;
import io.leadscore.avro.RoutingKind;
import io.leadscore.avro.ScoreReason;
import io.leadscore.avro.StageChange;
import io.leadscore.topology.LeadscoreTopics;
import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Prints stage changes, sellers alerted about hot leads, MQLs and where they were routed as the app commits them
 * (read_committed), and counts them and the dead letters.
 */
public final class DemoConsole implements Runnable, AutoCloseable {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final LeadscoreTopics topics;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final PrintStream out;
  private final boolean showStageChanges;
  private final AtomicLong up = new AtomicLong();
  private final AtomicLong down = new AtomicLong();
  private final AtomicLong mqls = new AtomicLong();
  private final AtomicLong deadLetters = new AtomicLong();
  private final AtomicLong routed = new AtomicLong();
  private final AtomicLong mqas = new AtomicLong();
  private final AtomicLong alerts = new AtomicLong();
  private final Consumer<MqlEntry> onMql;
  private volatile boolean running = true;

  /** {@code onMql} hears of each MQL once it is committed, as a CRM connector would. */
  public DemoConsole(String bootstrapServers, LeadscoreTopics topics, PrintStream out, boolean showStageChanges,
      Consumer<MqlEntry> onMql) {
    this.topics = topics;
    this.onMql = onMql;
    this.out = out;
    this.showStageChanges = showStageChanges;
    this.consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.GROUP_ID_CONFIG, "leadscore-demo-console-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
        new ByteArrayDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(LeadscoreTopics.STAGE_CHANGES, LeadscoreTopics.MQL, LeadscoreTopics.MQL_ROUTING,
        LeadscoreTopics.ACTIONS, LeadscoreTopics.DEAD_LETTERS));
  }

  @Override
  public void run() {
    try {
      while (running) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          show(record);
        }
      }
    } catch (WakeupException e) {
      // close() woke the consumer to stop.
    } finally {
      consumer.close();
    }
  }

  private void show(ConsumerRecord<byte[], byte[]> record) {
    String time = LocalTime.now(ZoneId.systemDefault()).format(TIME);
    switch (record.topic()) {
      case LeadscoreTopics.STAGE_CHANGES -> {
        StageChange change = topics.stageChanges().valueSerde().deserializer()
            .deserialize(record.topic(), record.value());
        boolean isUp = change.getDirection().name().equals("UP");
        (isUp ? up : down).incrementAndGet();
        if (showStageChanges) {
          out.printf(Locale.ROOT, "%s  %-4s %s  %s -> %s  %s  (%s)  %s%n", time, isUp ? "UP" : "DOWN",
              change.getLeadId(), change.getFromStage(), change.getToStage(), change.getSnapshot().getLabel(),
              change.getCause().name().toLowerCase(Locale.ROOT), change.getAction());
        }
      }
      case LeadscoreTopics.MQL -> {
        MqlEntry mql = topics.mql().valueSerde().deserializer().deserialize(record.topic(), record.value());
        mqls.incrementAndGet();
        onMql.accept(mql);
        String who = mql.getProfile() == null ? "" : mql.getProfile().getFirstName() + " "
            + mql.getProfile().getLastName() + ", " + mql.getProfile().getJobTitle() + ", "
            + mql.getProfile().getCompany() + " | ";
        out.printf(Locale.ROOT, "%s  MQL  %s  %s  %sbecause: %s%n", time, mql.getLeadId(),
            mql.getSnapshot().getLabel(), who, reasons(mql.getSnapshot().getTopReasons()));
      }
      case LeadscoreTopics.MQL_ROUTING -> {
        MqlRouting routing = topics.mqlRouting().valueSerde().deserializer()
            .deserialize(record.topic(), record.value());
        if (routing.getKind() == RoutingKind.ACCOUNT) {
          mqas.incrementAndGet();
          out.printf(Locale.ROOT, "%s  %-4s %s  -> %s (%s, rule %s) | %s%n", time, "MQA", routing.getLeadId(),
              routing.getRepName() == null ? "queue" : routing.getRepName(), routing.getTeam(), routing.getRule(),
              String.join("; ", routing.getReasons()));
          return;
        }
        routed.incrementAndGet();
        out.printf(Locale.ROOT, "%s  %-4s %s  -> %s (%s, rule %s)%s%n", time, "SALES", routing.getLeadId(),
            routing.getRepName() == null ? "queue" : routing.getRepName(), routing.getTeam(), routing.getRule(),
            routing.getDueAt() == null ? "" : ", outcome due " + routing.getDueAt());
      }
      case LeadscoreTopics.ACTIONS -> {
        LeadAction action = topics.actions().valueSerde().deserializer().deserialize(record.topic(), record.value());
        if (action.getKind() == ActionKind.ALERT) {
          alerts.incrementAndGet();
          out.printf(Locale.ROOT, "%s  %-4s %s  %s  alert -> %s%n", time, "HOT", action.getLeadId(),
              action.getSnapshot().getLabel(), action.getRepName() == null
                  ? "team " + action.getTeam() + " (rule " + action.getRule() + ")"
                  : action.getRepName() + " (" + action.getTeam() + ", " + action.getRule() + ")");
        }
      }
      default -> deadLetters.incrementAndGet();
    }
  }

  private static String reasons(List<ScoreReason> reasons) {
    return reasons.stream().limit(3)
        .map(r -> String.format(Locale.ROOT, "%s %+.0f", r.getDescription(), r.getPoints()))
        .collect(Collectors.joining(", "));
  }

  public String summary() {
    return String.format(Locale.ROOT,
        "stage changes %d (up %d, down %d) | sellers alerted %d | MQLs %d, routed %d | MQAs %d | dead letters %d",
        up.get() + down.get(), up.get(), down.get(), alerts.get(), mqls.get(), routed.get(), mqas.get(),
        deadLetters.get());
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
  }
}
