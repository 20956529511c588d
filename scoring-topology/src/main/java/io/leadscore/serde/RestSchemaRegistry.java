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
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A client of the Confluent Schema Registry REST API, which Confluent Schema Registry, Apicurio (at
 * {@code /apis/ccompat/v7}), Karapace and Redpanda all serve. Settings use Confluent's names: {@code schema.registry.url}
 * (one or more, comma-separated, tried in turn), {@code basic.auth.credentials.source=USER_INFO} with
 * {@code basic.auth.user.info=user:password}, and {@code schema.registry.ssl.*} for TLS.
 */
public final class RestSchemaRegistry implements SchemaRegistry {

  static final String USER_INFO = "basic.auth.user.info";
  static final String CREDENTIALS_SOURCE = "basic.auth.credentials.source";
  static final String SSL_PREFIX = "schema.registry.ssl.";
  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<URI> baseUrls;
  private final HttpClient http;
  private final String authorization;

  public RestSchemaRegistry(String urls, Map<String, ?> configs) {
    this.baseUrls = new ArrayList<>();
    for (String url : urls.split(",")) {
      String trimmed = url.trim();
      baseUrls.add(URI.create(trimmed.endsWith("/") ? trimmed : trimmed + "/"));
    }
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(TIMEOUT);
    if (baseUrls.stream().anyMatch(u -> "https".equals(u.getScheme()))) {
      builder.sslContext(sslContext(configs));
    }
    this.http = builder.build();
    this.authorization = authorization(configs);
  }

  @Override
  public int register(String subject, Schema schema) {
    String body = JSON.createObjectNode().put("schema", schema.toString()).toString();
    JsonNode answer;
    try {
      answer = call("subjects/" + encode(subject) + "/versions", body);
    } catch (ConflictException e) {
      // Apicurio answers a registration that raced another one for a new subject with 409; the subject exists now,
      // and registering again returns its id, as Confluent's registry does the first time.
      answer = call("subjects/" + encode(subject) + "/versions", body);
    }
    int id = answer.path("id").asInt(-1);
    if (id < 0) {
      throw new SerializationException("schema registry answered registration of " + subject + " without an id: "
          + answer);
    }
    return id;
  }

  @Override
  public Schema schemaById(int id) {
    JsonNode answer = call("schemas/ids/" + id, null);
    return new Schema.Parser().parse(answer.path("schema").asText());
  }

  private JsonNode call(String path, String body) {
    List<String> failures = new ArrayList<>();
    for (URI base : baseUrls) {
      HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
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
        Thread.currentThread().interrupt();
        throw new SerializationException("interrupted while calling the schema registry", e);
      }
      return answer(base, path, response);
    }
    throw new SerializationException("schema registry unreachable at " + baseUrls + ": " + failures);
  }

  private static JsonNode answer(URI base, String path, HttpResponse<String> response) {
    JsonNode json;
    try {
      json = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new SerializationException("schema registry at " + base + " answered " + path + " with "
          + response.statusCode() + " and no JSON: " + response.body());
    }
    if (response.statusCode() / 100 == 2) {
      return json;
    }
    int errorCode = json.path("error_code").asInt(response.statusCode());
    if (path.startsWith("schemas/ids/") && (errorCode == 40403 || response.statusCode() == 404)) {
      throw new UnknownSchemaException(Integer.parseInt(path.substring("schemas/ids/".length())));
    }
    String message = "schema registry at " + base + " refused " + path + ": HTTP " + response.statusCode()
        + ", error " + errorCode + ": " + json.path("message").asText(response.body());
    throw response.statusCode() == 409
        ? new ConflictException(message) : new SerializationException(message);
  }

  private static final class ConflictException extends SerializationException {
    ConflictException(String message) {
      super(message);
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
