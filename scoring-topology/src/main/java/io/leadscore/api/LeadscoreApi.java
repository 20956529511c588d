package io.leadscore.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.javalin.Javalin;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.UnauthorizedResponse;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.leadscore.lifecycle.Cohort;
import io.leadscore.lifecycle.EngagementBands;
import io.leadscore.rules.Glob;
import io.leadscore.rules.Grade;
import io.leadscore.rules.ScoringRules;
import io.leadscore.rules.Stage;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * The read-only HTTP API every instance serves: a lead's score and its explanation, the distribution of leads, the
 * recent stage changes and MQLs, the rules in force, candidates scored in the shadow against the live rules, health and readiness for Kubernetes probes, Prometheus metrics,
 * and the dashboard at {@code /}. With a token configured, every {@code /api} call needs
 * {@code Authorization: Bearer <token>}; probes and metrics stay open.
 */
public final class LeadscoreApi implements AutoCloseable {

  /** Durations and wildcard patterns read as they are written in the rules file. */
  private static final ObjectMapper JSON = JsonMapper.builder()
      .addModule(new SimpleModule("leadscore-api")
          .addSerializer(Duration.class, ToStringSerializer.instance)
          .addSerializer(Glob.class, ToStringSerializer.instance))
      .build();

  private static final int DEFAULT_LIMIT = 50;
  private static final int MAX_LIMIT = 500;
  private static final int DEFAULT_DAYS = 30;
  private static final int DEFAULT_TOP = 10;
  private static final int MAX_DAYS = 366;

  private final Javalin server;
  private final PrometheusMeterRegistry metrics;
  private final KafkaStreams streams;
  private final ExecutorService binder = Executors.newSingleThreadExecutor(task -> {
    Thread thread = new Thread(task, "leadscore-metrics-binder");
    thread.setDaemon(true);
    return thread;
  });
  private KafkaStreamsMetrics streamsMetrics;
  private boolean closed;

  private LeadscoreApi(Javalin server, PrometheusMeterRegistry metrics, KafkaStreams streams) {
    this.server = server;
    this.metrics = metrics;
    this.streams = streams;
    bindStreamsMetrics();
  }

  /**
   * Binds Kafka Streams' metrics again, on a thread of its own. Tasks register their metrics (leadscore's counters among
   * them) when they start, and the binder looks for new ones only once a minute, so the app calls this each time the
   * streams reach RUNNING. The caller is then a stream thread, and binding reads every metric: in a load run it held
   * the thread for over a second after each rebalance.
   */
  public void rebindStreamsMetrics() {
    try {
      binder.execute(this::bindStreamsMetrics);
    } catch (RejectedExecutionException closing) {
      // The API is closing: there is nothing left to serve the metrics to.
    }
  }

  private synchronized void bindStreamsMetrics() {
    if (closed) {
      return;
    }
    if (streamsMetrics != null) {
      streamsMetrics.close();
    }
    streamsMetrics = new KafkaStreamsMetrics(streams);
    streamsMetrics.bindTo(metrics);
  }

  /**
   * @param failing whether the app is failing although its threads run (threads that keep dying on a record), which
   *     makes {@code /health} answer 503
   */
  public static LeadscoreApi start(String host, int port, KafkaStreams streams, LeadQueries queries,
      ScoringRules rules, ShadowComparisons shadows, String token, BooleanSupplier failing) {
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    byte[] expectedAuthorization = token == null || token.isBlank() ? null
        : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    Javalin server = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.jsonMapper(new JavalinJackson(JSON, false));
      config.staticFiles.add(files -> {
        files.hostedPath = "/";
        files.directory = "/dashboard";
        files.location = Location.CLASSPATH;
      });
      config.routes.before("/api/*", ctx -> requireToken(ctx, expectedAuthorization));
      config.routes.get("/api/leads/{leadId}", ctx -> lead(ctx, queries));
      config.routes.get("/api/accounts/{domain}", ctx -> account(ctx, queries));
      config.routes.get("/api/rules", ctx -> ctx.json(rules));
      config.routes.get("/api/distribution", ctx -> ctx.json(queries.distribution(everywhere(ctx),
          ctx.header("Authorization"))));
      EngagementBands bands = new EngagementBands(rules.lifecycle().engagementBands());
      config.routes.get("/api/effectiveness", ctx -> effectiveness(ctx, queries, bands));
      config.routes.get("/api/effectiveness/tallies", ctx -> ctx.json(queries.localEffectiveness()));
      config.routes.get("/api/daily", ctx -> daily(ctx, queries));
      config.routes.get("/api/daily/stage-entries", ctx -> ctx.json(queries.localStageEntries(day(ctx, "from"),
          day(ctx, "to"))));
      config.routes.get("/api/daily/mqls-per-rep", ctx -> ctx.json(queries.localMqlsPerRep(day(ctx, "from"),
          day(ctx, "to"))));
      config.routes.get("/api/stage-changes", ctx -> ctx.json(queries.recentStageChanges(limit(ctx),
          everywhere(ctx), ctx.header("Authorization"))));
      config.routes.get("/api/mqls", ctx -> ctx.json(queries.recentMqls(limit(ctx), everywhere(ctx),
          ctx.header("Authorization"))));
      config.routes.get("/api/shadow", ctx -> ctx.json(Map.of("versions", shadows.shadowed())));
      config.routes.get("/api/shadow/{version}", ctx -> shadow(ctx, shadows));
      config.routes.get("/health", ctx -> health(ctx, streams, failing));
      config.routes.get("/ready", ctx -> ready(ctx, streams));
      config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
          .result(metrics.scrape()));
      config.routes.exception(IllegalStateException.class, (e, ctx) -> unavailable(ctx, e));
      config.routes.exception(InvalidStateStoreException.class, (e, ctx) -> unavailable(ctx, e));
    });
    countLeads(metrics, rules, queries);
    server.start(host, port);
    return new LeadscoreApi(server, metrics, streams);
  }

  /**
   * Gauges of the leads this instance holds, per stage and grade ({@code leadscore_leads}); summed over the instances
   * they give the whole store. NaN while the stores are not queryable (starting or rebalancing).
   */
  private static void countLeads(PrometheusMeterRegistry metrics, ScoringRules rules, LeadQueries queries) {
    for (Stage stage : rules.stages().levels()) {
      for (Grade grade : Grade.values()) {
        Gauge.builder("leadscore.leads", queries, q -> held(q, stage.id(), grade.name()))
            .description("Leads held in this instance's state stores")
            .tags("stage", stage.id(), "grade", grade.name())
            .register(metrics);
      }
    }
  }

  private static double held(LeadQueries queries, String stage, String grade) {
    try {
      return queries.localDistribution().getOrDefault(stage, Map.of()).getOrDefault(grade, 0L);
    } catch (InvalidStateStoreException e) {
      return Double.NaN;
    }
  }

  private static boolean everywhere(Context ctx) {
    return !"true".equals(ctx.queryParam("local"));
  }

  private static int limit(Context ctx) {
    if (ctx.queryParam("limit") == null) {
      return DEFAULT_LIMIT;
    }
    return ctx.queryParamAsClass("limit", Integer.class)
        .check(n -> n >= 1 && n <= MAX_LIMIT, "limit must be between 1 and " + MAX_LIMIT)
        .get();
  }

  /**
   * The effectiveness report of every instance, as JSON or, with {@code format=csv} or {@code Accept: text/csv}, as
   * CSV; {@code dimension} and {@code rulesVersion} keep only the rows of one dimension or version.
   */
  private static void effectiveness(Context ctx, LeadQueries queries, EngagementBands bands) throws Exception {
    String dimension = ctx.queryParam("dimension");
    if (dimension != null && !Cohort.DIMENSIONS.contains(dimension)) {
      throw new BadRequestResponse("dimension must be one of " + Cohort.DIMENSIONS);
    }
    String version = ctx.queryParam("rulesVersion");
    EffectivenessReport report = EffectivenessReport.of(queries.effectiveness(true, ctx.header("Authorization")),
        bands, cohort -> (dimension == null || cohort.dimension().equals(dimension))
            && (version == null || cohort.rulesVersion().equals(version)));
    String accept = ctx.header("Accept");
    if ("csv".equals(ctx.queryParam("format")) || (accept != null && accept.contains("text/csv"))) {
      ctx.contentType("text/csv; charset=utf-8").result(report.csv());
    } else {
      ctx.json(report);
    }
  }

  /** The last {@code days} days (30 unless given; today, UTC, is the last), from every instance. */
  private static void daily(Context ctx, LeadQueries queries) throws Exception {
    int days = ctx.queryParam("days") == null ? DEFAULT_DAYS : ctx.queryParamAsClass("days", Integer.class)
        .check(n -> n >= 1 && n <= MAX_DAYS, "days must be between 1 and " + MAX_DAYS)
        .get();
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    ctx.json(queries.daily(today.minusDays(days - 1L), today, ctx.header("Authorization")));
  }

  private static LocalDate day(Context ctx, String name) {
    String value = ctx.queryParam(name);
    try {
      return LocalDate.parse(value == null ? "" : value);
    } catch (DateTimeParseException e) {
      throw new BadRequestResponse(name + " must be a day such as 2026-11-27");
    }
  }

  private static void shadow(Context ctx, ShadowComparisons shadows) {
    String version = ctx.pathParam("version");
    int top = ctx.queryParamAsClass("top", Integer.class).getOrDefault(DEFAULT_TOP);
    if (top < 0 || top > MAX_LIMIT) {
      throw new BadRequestResponse("top must be between 0 and " + MAX_LIMIT);
    }
    Optional<ShadowReport> report;
    try {
      report = shadows.compare(version, top);
    } catch (KafkaException e) {
      unavailable(ctx, e);
      return;
    }
    if (report.isEmpty()) {
      ctx.status(HttpStatus.NOT_FOUND).json(Map.of("error", "no rules version " + version + " was published"));
    } else {
      ctx.json(report.get());
    }
  }

  private static void unavailable(Context ctx, Exception e) {
    ctx.status(HttpStatus.SERVICE_UNAVAILABLE).json(Map.of("error", e.getMessage()));
  }

  public int port() {
    return server.port();
  }

  private static void lead(Context ctx, LeadQueries queries) throws Exception {
    Optional<LeadQueries.Answer> answer = queries.lead(ctx.pathParam("leadId"), ctx.header("Authorization"));
    if (answer.isEmpty()) {
      ctx.status(HttpStatus.NOT_FOUND).json(Map.of("error", "no lead " + ctx.pathParam("leadId")));
    } else if (answer.get() instanceof LeadQueries.Local local) {
      ctx.json(local.explanation());
    } else if (answer.get() instanceof LeadQueries.Remote remote) {
      ctx.contentType("application/json").result(remote.json());
    } else if (answer.get() instanceof LeadQueries.Merged merged) {
      ctx.json(merged);
    }
  }

  private static void account(Context ctx, LeadQueries queries) throws Exception {
    String domain = ctx.pathParam("domain").trim().toLowerCase(Locale.ROOT);
    Optional<JsonNode> answer = queries.account(domain, ctx.header("Authorization"));
    if (answer.isEmpty()) {
      ctx.status(HttpStatus.NOT_FOUND).json(Map.of("error", "no account " + domain));
    } else {
      ctx.json(answer.get());
    }
  }

  /** Live while the streams have not failed and their threads do not keep dying. */
  private static void health(Context ctx, KafkaStreams streams, BooleanSupplier failing) {
    KafkaStreams.State state = streams.state();
    boolean stopped = state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR
        || state == KafkaStreams.State.NOT_RUNNING;
    boolean dying = failing.getAsBoolean();
    ctx.status(stopped || dying ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.OK)
        .json(Map.of("state", state.name(), "failing", dying));
  }

  /** Ready only while the streams are RUNNING. */
  private static void ready(Context ctx, KafkaStreams streams) {
    KafkaStreams.State state = streams.state();
    ctx.status(state == KafkaStreams.State.RUNNING ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
        .json(Map.of("state", state.name()));
  }

  /** Compares in constant time, so that response times tell nothing of how much of a guess was right. */
  private static void requireToken(Context ctx, byte[] expected) {
    if (expected == null) {
      return;
    }
    String given = ctx.header("Authorization");
    if (given == null || !MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
      throw new UnauthorizedResponse("a bearer token is required");
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    binder.shutdown();
    server.stop();
    streamsMetrics.close();
    metrics.close();
  }
}
