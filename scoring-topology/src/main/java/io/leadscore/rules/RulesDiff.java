package io.leadscore.rules;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What changed from one rules version to another, rule by rule: rules added and removed (by id), and for the rules in
 * both, each setting that differs (points, caps, frequency, conditions, thresholds, grades, decay, routing, ...).
 * Settings are compared as the rules model holds them, after defaults, so a default spelled out is no change.
 */
public final class RulesDiff {

  public enum Kind { ADDED, REMOVED, CHANGED }

  /** One difference; {@code path} names the setting, with rule ids in brackets: {@code engagement.rules[visit].points}. */
  public record Change(Kind kind, String path, String before, String after) {

    @Override
    public String toString() {
      return switch (kind) {
        case ADDED -> "added    " + path + ": " + after;
        case REMOVED -> "removed  " + path + ": " + before;
        case CHANGED -> "changed  " + path + ": " + before + " -> " + after;
      };
    }
  }

  private RulesDiff() {
  }

  /** The changes from {@code from} to {@code to}; the version itself is left out, as it always differs. */
  public static List<Change> between(ScoringRules from, ScoringRules to) {
    List<Change> changes = new ArrayList<>();
    for (RecordComponent component : ScoringRules.class.getRecordComponents()) {
      if (!component.getName().equals("version")) {
        compare(component.getName(), value(component, from), value(component, to), changes);
      }
    }
    return changes;
  }

  private static void compare(String path, Object before, Object after, List<Change> changes) {
    if (Objects.equals(before, after)) {
      return;
    }
    if (before instanceof List<?> left && after instanceof List<?> right && identified(left) && identified(right)) {
      compareById(path, left, right, changes);
    } else if (before != null && after != null && before.getClass() == after.getClass() && nested(before)) {
      for (RecordComponent component : before.getClass().getRecordComponents()) {
        compare(path + "." + name(component), value(component, before), value(component, after), changes);
      }
    } else {
      changes.add(new Change(Kind.CHANGED, path, format(before), format(after)));
    }
  }

  /** Lists of rules, stages and the like are matched by id, so that reordering or inserting one is not a change. */
  private static void compareById(String path, List<?> before, List<?> after, List<Change> changes) {
    Map<String, Object> left = byId(before);
    Map<String, Object> right = byId(after);
    left.forEach((id, rule) -> {
      if (!right.containsKey(id)) {
        changes.add(new Change(Kind.REMOVED, path + "[" + id + "]", format(rule), null));
      }
    });
    right.forEach((id, rule) -> {
      String rulePath = path + "[" + id + "]";
      if (!left.containsKey(id)) {
        changes.add(new Change(Kind.ADDED, rulePath, null, format(rule)));
      } else {
        compare(rulePath, left.get(id), rule, changes);
      }
    });
  }

  private static boolean identified(List<?> list) {
    return !list.isEmpty() && list.stream().allMatch(item -> item.getClass().isRecord() && idOf(item) != null);
  }

  private static Map<String, Object> byId(List<?> list) {
    Map<String, Object> byId = new LinkedHashMap<>();
    list.forEach(item -> byId.put(idOf(item), item));
    return byId;
  }

  private static String idOf(Object item) {
    for (RecordComponent component : item.getClass().getRecordComponents()) {
      if (component.getName().equals("id") && component.getType() == String.class) {
        return (String) value(component, item);
      }
    }
    return null;
  }

  /** Settings made of settings are compared one level down; a condition or a cap reads best whole. */
  private static boolean nested(Object value) {
    return value.getClass().isRecord() && !(value instanceof Criteria) && !(value instanceof Cap)
        && !(value instanceof Condition);
  }

  /** A setting's name as the rules file spells it. */
  private static String name(RecordComponent component) {
    JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
    return property != null && !property.value().isEmpty() ? property.value() : component.getName();
  }

  private static Object value(RecordComponent component, Object owner) {
    try {
      return component.getAccessor().invoke(owner);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + component.getName() + " of " + owner.getClass(), e);
    }
  }

  /** A setting as a rules file would write it: {@code 30}, {@code 7d}, {@code path: /pricing*}, {@code 3 per 1d}. */
  static String format(Object value) {
    if (value == null) {
      return "none";
    }
    if (value instanceof Double number) {
      return number == Math.rint(number) && Math.abs(number) < 1e15 ? String.valueOf(number.longValue())
          : number.toString();
    }
    if (value instanceof Duration duration) {
      return duration(duration);
    }
    if (value instanceof Enum<?> constant) {
      return constant.name().toLowerCase();
    }
    if (value instanceof Cap cap) {
      return cap.max() + " per " + duration(cap.per());
    }
    if (value instanceof Criteria criteria) {
      return criteria.conditions().isEmpty() ? "any"
          : criteria.conditions().stream().map(RulesDiff::format).collect(Collectors.joining("; "));
    }
    if (value instanceof Condition.AnyOf any) {
      return any.field() + ": " + any.patterns().stream().map(Object::toString).collect(Collectors.joining(" | "));
    }
    if (value instanceof Condition.Range range) {
      return range.field() + ": " + (range.min() == null ? "" : format(range.min())) + ".."
          + (range.max() == null ? "" : format(range.max()));
    }
    if (value instanceof List<?> list) {
      return list.stream().map(RulesDiff::format).collect(Collectors.joining(", ", "[", "]"));
    }
    if (value instanceof Map<?, ?> map) {
      return map.entrySet().stream().map(e -> e.getKey() + ": " + format(e.getValue())).sorted()
          .collect(Collectors.joining(", ", "{", "}"));
    }
    if (value.getClass().isRecord()) {
      List<String> parts = new ArrayList<>();
      for (RecordComponent component : value.getClass().getRecordComponents()) {
        Object part = value(component, value);
        if (part != null && !component.getName().equals("id")) {
          parts.add(name(component) + " " + format(part));
        }
      }
      return String.join(", ", parts);
    }
    return value.toString();
  }

  private static String duration(Duration duration) {
    long millis = duration.toMillis();
    long[] units = {86_400_000, 3_600_000, 60_000, 1_000, 1};
    String[] names = {"d", "h", "m", "s", "ms"};
    for (int i = 0; i < units.length; i++) {
      if (millis % units[i] == 0) {
        return millis / units[i] + names[i];
      }
    }
    return millis + "ms";
  }
}
