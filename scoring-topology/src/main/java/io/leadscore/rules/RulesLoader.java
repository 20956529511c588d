package io.leadscore.rules;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/** Reads a rules file from YAML; any problem fails with the file, the line and the rule it is in. */
public final class RulesLoader {

  /** The rules that ship in the jar. */
  public static final String DEFAULT_RESOURCE = "default-rules.yaml";

  private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
      .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
      .addModule(new SimpleModule("leadscore-rules")
          .addDeserializer(Duration.class, new DurationDeserializer())
          .addDeserializer(Glob.class, new GlobDeserializer())
          .addDeserializer(Criteria.class, new CriteriaDeserializer()))
      .build();

  private RulesLoader() {
  }

  public static ScoringRules load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidRulesException("cannot read rules file " + file + ": " + e.getMessage(), e);
    }
    return parse(file.toString(), text);
  }

  public static ScoringRules loadDefault() {
    try (InputStream in = RulesLoader.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULT_RESOURCE + " is missing from the classpath");
      }
      return parse("classpath:" + DEFAULT_RESOURCE, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses rules from YAML text; {@code source} names the text in error messages. */
  public static ScoringRules parse(String source, String yaml) {
    YamlOutline outline;
    try {
      outline = YamlOutline.of(yaml);
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? -1 : e.getProblemMark().getLine() + 1;
      throw new InvalidRulesException("rules file " + source + (line > 0 ? ", line " + line : "")
          + ": not valid YAML: " + e.getProblem(), e);
    }
    try {
      ScoringRules rules = YAML.readValue(yaml, ScoringRules.class);
      if (rules == null) {
        throw new InvalidRulesException("rules file " + source + " is empty", null);
      }
      return rules;
    } catch (JsonMappingException e) {
      throw describe(source, outline, e);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String line = at == null ? "" : ", line " + at.getLineNr();
      throw new InvalidRulesException(
          "rules file " + source + line + ": not valid YAML: " + e.getOriginalMessage(), e);
    }
  }

  private static InvalidRulesException describe(String source, YamlOutline outline, JsonMappingException e) {
    List<Object> path = new ArrayList<>();
    for (JsonMappingException.Reference ref : e.getPath()) {
      path.add(ref.getFieldName() != null ? ref.getFieldName() : ref.getIndex());
    }
    String message = e.getOriginalMessage();
    Throwable cause = e.getCause();
    if (cause instanceof RuleProblem problem) {
      path.addAll(RulePath.parse(problem.where()));
      message = problem.getMessage();
    } else if (cause instanceof IllegalArgumentException other) {
      message = other.getMessage();
    }
    int line = outline.lineOf(path);
    if (line < 0 && e.getLocation() != null) {
      line = e.getLocation().getLineNr();
    }
    StringBuilder text = new StringBuilder("rules file ").append(source);
    if (line > 0) {
      text.append(", line ").append(line);
    }
    outline.ruleIdAt(path).ifPresent(id -> text.append(", rule '").append(id).append('\''));
    if (!path.isEmpty()) {
      text.append(" (").append(RulePath.format(path)).append(')');
    }
    return new InvalidRulesException(text.append(": ").append(firstLine(message)).toString(), e);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "invalid value";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /** Durations as ISO-8601 ({@code P30D}, {@code PT12H}) or short ({@code 30d}, {@code 12h}, {@code 15m}, {@code 45s}). */
  static Duration parseDuration(String text) {
    String value = text.trim();
    if (value.toUpperCase().startsWith("P")) {
      return Duration.parse(value.toUpperCase());
    }
    Matcher m = SHORT_DURATION.matcher(value.toLowerCase());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration: use 30d, 12h, 15m, 45s, 500ms or ISO-8601 such as P30D");
    }
    long amount = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      case "d" -> Duration.ofDays(amount);
      default -> Duration.ofDays(7 * amount);
    };
  }

  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d|w)");

  private static final class DurationDeserializer extends JsonDeserializer<Duration> {
    @Override
    public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      try {
        return parseDuration(p.getValueAsString(""));
      } catch (RuntimeException e) {
        throw JsonMappingException.from(p, e.getMessage(), e);
      }
    }
  }

  private static final class GlobDeserializer extends JsonDeserializer<Glob> {
    @Override
    public Glob deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      return Glob.of(p.getValueAsString());
    }
  }

  /**
   * A {@code when} map: {@code field: pattern}, {@code field: [pattern, ...]} or {@code field: {min: n, max: n}}.
   */
  private static final class CriteriaDeserializer extends JsonDeserializer<Criteria> {
    @Override
    public Criteria deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      JsonNode node = p.readValueAsTree();
      if (!node.isObject()) {
        throw JsonMappingException.from(p, "'when' is a map from field name to the values it must match");
      }
      List<Condition> conditions = new ArrayList<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        try {
          conditions.add(condition(entry.getKey(), entry.getValue()));
        } catch (RuleProblem e) {
          throw JsonMappingException.from(p, e.getMessage(), new RuleProblem(entry.getKey(), e.getMessage()));
        }
      }
      return new Criteria(conditions);
    }

    private static Condition condition(String field, JsonNode spec) {
      if (spec.isObject()) {
        for (Iterator<String> names = spec.fieldNames(); names.hasNext(); ) {
          String name = names.next();
          if (!name.equals("min") && !name.equals("max")) {
            throw new RuleProblem(field, "a range takes min and max, not '" + name + "'");
          }
        }
        return new Condition.Range(field, number(field, spec.get("min")), number(field, spec.get("max")));
      }
      List<Glob> patterns = new ArrayList<>();
      if (spec.isArray()) {
        spec.forEach(v -> patterns.add(Glob.of(scalar(field, v))));
      } else {
        patterns.add(Glob.of(scalar(field, spec)));
      }
      return new Condition.AnyOf(field, patterns);
    }

    private static String scalar(String field, JsonNode value) {
      if (!value.isValueNode() || value.isNull()) {
        throw new RuleProblem(field, "expected a value or a list of values");
      }
      return value.asText();
    }

    private static Double number(String field, JsonNode value) {
      if (value == null || value.isNull()) {
        return null;
      }
      if (!value.isNumber()) {
        throw new RuleProblem(field, "range bounds are numbers, not '" + value.asText() + "'");
      }
      return value.asDouble();
    }
  }
}
