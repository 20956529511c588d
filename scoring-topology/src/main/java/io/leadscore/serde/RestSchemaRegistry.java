package io.leadscore.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.InterruptException;

/**
 * A client of the Confluent Schema Registry REST API, which Confluent Schema Registry, Apicurio (at
 * {@code /apis/ccompat/v7}), Karapace and Redpanda all serve. Settings use Confluent's names: {@code schema.registry.url}
 * (one or more, comma-separated, tried in turn), {@code basic.auth.credentials.source=USER_INFO} with
 * {@code basic.auth.user.info=user:password}, and {@code schema.registry.ssl.*} for TLS.
 *
 * <p>Answers are told apart by cause. An id the registry does not know is the record's problem
 * ({@link UnknownSchemaException}). A registry that is down, slow, overloaded or refusing the credentials is not: the call
 * is retried with backoff for up to {@code schema.registry.retry.timeout.ms}, then fails with
 * {@link SchemaRegistryUnavailableException}, which the app retries again later rather than dead-letter anything.
 */
public final class RestSchemaRegistry implements SchemaRegistry {

  static final String USER_INFO = "basic.auth.user.info";
  static final String CREDENTIALS_SOURCE = "basic.auth.credentials.source";
  static final String SSL_PREFIX = "schema.registry.ssl.";
  public static final String REQUEST_TIMEOUT_CONFIG = "schema.registry.request.timeout.ms";
  /**
   * How long one lookup keeps retrying. The stream thread waits meanwhile, so a registry restart passes without a
   * thread dying: at worst the broker aborts the open transaction ({@code transaction.timeout.ms}, 10 s in Kafka
   * Streams) and Kafka Streams processes again from the last commit. A longer outage fails the thread, which is
   * retried a few times more before the app stops (see {@code failures.StreamThreadFailures}).
   */
  public static final String RETRY_TIMEOUT_CONFIG = "schema.registry.retry.timeout.ms";
  static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(3);
  static final Duration DEFAULT_RETRY_TIMEOUT = Duration.ofSeconds(60);
  private static final long FIRST_BACKOFF_MS = 100;
  private static final long MAX_BACKOFF_MS = 2_000;
  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final int SCHEMA_NOT_FOUND = 40403;
  private static final ObjectMapper JSON = new ObjectMapper();
  /** One HTTP client per registry setup: every serde of an app shares its connections and selector thread. */
  private static final Map<List<Object>, HttpClient> CLIENTS = new ConcurrentHashMap<>();

  private final List<URI> baseUrls;
  private final HttpClient http;
  private final String authorization;
  private final Duration requestTimeout;
  private final Duration retryTimeout;

  public RestSchemaRegistry(String urls, Map<String, ?> configs) {
    this.baseUrls = new ArrayList<>();
    for (String url : urls.split(",")) {
      String trimmed = url.trim();
      baseUrls.add(URI.create(trimmed.endsWith("/") ? trimmed : trimmed + "/"));
    }
    this.requestTimeout = duration(configs, REQUEST_TIMEOUT_CONFIG, DEFAULT_REQUEST_TIMEOUT);
    this.retryTimeout = duration(configs, RETRY_TIMEOUT_CONFIG, DEFAULT_RETRY_TIMEOUT);
    boolean tls = baseUrls.stream().anyMatch(u -> "https".equals(u.getScheme()));
    List<Object> setup = new ArrayList<>(List.of(requestTimeout, tls));
    if (tls) {
      configs.forEach((key, value) -> {
        if (key.startsWith(SSL_PREFIX)) {
          setup.add(key + "=" + value);
        }
      });
    }
    this.http = CLIENTS.computeIfAbsent(setup, s -> {
      HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(requestTimeout);
      if (tls) {
        builder.sslContext(sslContext(configs));
      }
      return builder.build();
    });
    this.authorization = authorization(configs);
  }

  @Override
  public int register(String subject, Schema schema) {
    String body = JSON.createObjectNode().put("schema", schema.toString()).toString();
    String path = "subjects/" + encode(subject) + "/versions";
    JsonNode answer;
    try {
      answer = call(path, body);
    } catch (ConflictException e) {
      // Apicurio answers a registration that raced another one for a new subject with 409; the subject exists now,
      // and registering again returns its id, as Confluent's registry does the first time. A second 409 is a real
      // conflict: the subject's compatibility rule rejects the schema.
      try {
        answer = call(path, body);
      } catch (ConflictException again) {
        throw new SchemaRegistrationException(again.getMessage());
      }
    }
    int id = answer.path("id").asInt(-1);
    if (id < 0) {
      throw new SchemaRegistrationException("schema registry answered registration of " + subject
          + " without an id: " + answer);
    }
    return id;
  }

  @Override
  public Schema schemaById(int id) {
    JsonNode answer = call("schemas/ids/" + id, null);
    return new Schema.Parser().parse(answer.path("schema").asText());
  }

  private JsonNode call(String path, String body) {
    long deadline = System.nanoTime() + retryTimeout.toNanos();
    long backoff = FIRST_BACKOFF_MS;
    while (true) {
      try {
        return callOnce(path, body);
      } catch (SchemaRegistryUnavailableException e) {
        if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff) >= deadline) {
          throw new SchemaRegistryUnavailableException(e.getMessage() + " (retried for " + retryTimeout.toMillis()
              + " ms)", e.getCause());
        }
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException interrupted) {
          throw new InterruptException(interrupted);
        }
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    }
  }

  private JsonNode callOnce(String path, String body) {
    List<String> failures = new ArrayList<>();
    for (URI base : baseUrls) {
      HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(requestTimeout)
          .header("Accept", CONTENT_TYPE);
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
      request = body == null ? request.GET()
          : request.header("Content-Type", CONTENT_TYPE).POST(HttpRequest.BodyPublishers.ofString(body));
      HttpResponse<String> response;
      try {
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (IOException e) {
        failures.add(base + ": " + e);
        continue;
      } catch (InterruptedException e) {
        throw new InterruptException(e);
      }
      return answer(base, path, response);
    }
    throw new SchemaRegistryUnavailableException("schema registry unreachable at " + baseUrls + ": " + failures);
  }

  private static JsonNode answer(URI base, String path, HttpResponse<String> response) {
    int status = response.statusCode();
    JsonNode json;
    try {
      json = JSON.readTree(response.body());
    } catch (IOException e) {
      // A proxy's error page, or a registry half started: nothing the record can be blamed for.
      throw new SchemaRegistryUnavailableException("schema registry at " + base + " answered " + path + " with HTTP "
          + status + " and no JSON: " + abbreviate(response.body()));
    }
    if (status / 100 == 2) {
      return json;
    }
    int errorCode = json.path("error_code").asInt(status);
    String message = "schema registry at " + base + " refused " + path + ": HTTP " + status + ", error " + errorCode
        + ": " + abbreviate(json.path("message").asText(response.body()));
    if (path.startsWith("schemas/ids/") && errorCode == SCHEMA_NOT_FOUND) {
      throw new UnknownSchemaException(Integer.parseInt(path.substring("schemas/ids/".length())));
    }
    if (status == 409) {
      throw new ConflictException(message);
    }
    if (status == 422) {
      throw new SchemaRegistrationException(message);
    }
    // Down, overloaded, refusing the credentials, or not a registry at this path (a plain 404 without the registry's
    // own error code): every record would fail alike, so none of them is dead-lettered for it.
    throw new SchemaRegistryUnavailableException(message);
  }

  /** Apicurio's answer to a registration that raced another; see {@link #register}. */
  private static final class ConflictException extends RuntimeException {
    ConflictException(String message) {
      super(message, null, false, false);
    }
  }

  private static String abbreviate(String text) {
    return text == null || text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }

  private static Duration duration(Map<String, ?> configs, String key, Duration fallback) {
    Object value = configs.get(key);
    if (value == null || value.toString().isBlank()) {
      return fallback;
    }
    try {
      long ms = Long.parseLong(value.toString().trim());
      if (ms <= 0) {
        throw new NumberFormatException();
      }
      return Duration.ofMillis(ms);
    } catch (NumberFormatException e) {
      throw new ConfigException(key, value, "must be a positive number of milliseconds");
    }
  }

  private static String encode(String subject) {
    return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String authorization(Map<String, ?> configs) {
    Object userInfo = configs.get(USER_INFO);
    Object source = configs.get(CREDENTIALS_SOURCE);
    if (userInfo == null || userInfo.toString().isBlank()) {
      return null;
    }
    if (source != null && !"USER_INFO".equalsIgnoreCase(source.toString())) {
      throw new ConfigException(CREDENTIALS_SOURCE, source, "only USER_INFO is supported");
    }
    return "Basic " + Base64.getEncoder().encodeToString(userInfo.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static SSLContext sslContext(Map<String, ?> configs) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      TrustManagerFactory trust = null;
      KeyStore trustStore = keyStore(configs, "truststore");
      if (trustStore != null) {
        trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trustStore);
      }
      KeyManagerFactory keys = null;
      KeyStore keyStore = keyStore(configs, "keystore");
      if (keyStore != null) {
        keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        Object keyPassword = configs.get(SSL_PREFIX + "key.password");
        Object storePassword = configs.get(SSL_PREFIX + "keystore.password");
        Object password = keyPassword != null ? keyPassword : storePassword;
        keys.init(keyStore, password == null ? null : password.toString().toCharArray());
      }
      context.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(),
          null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new ConfigException("cannot set up TLS for the schema registry: " + e.getMessage());
    }
  }

  private static KeyStore keyStore(Map<String, ?> configs, String kind)
      throws GeneralSecurityException, IOException {
    Object location = configs.get(SSL_PREFIX + kind + ".location");
    if (location == null || location.toString().isBlank()) {
      return null;
    }
    Object type = configs.get(SSL_PREFIX + kind + ".type");
    Object password = configs.get(SSL_PREFIX + kind + ".password");
    KeyStore store = KeyStore.getInstance(type == null ? KeyStore.getDefaultType() : type.toString());
    try (InputStream in = Files.newInputStream(Path.of(location.toString()))) {
      store.load(in, password == null ? null : password.toString().toCharArray());
    }
    return store;
  }
}
