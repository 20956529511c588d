package io.leadscore.rules;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** Named text values that rules match: an activity's URL, path, campaign, form answers; a profile's fields. */
public record Attributes(Map<String, String> values) {

  public static final Attributes NONE = new Attributes(Map.of());

  public Attributes {
    values = Map.copyOf(values);
  }

  public Optional<String> text(String name) {
    return Optional.ofNullable(values.get(name));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Collects attributes, leaving out missing (null) values. */
  public static final class Builder {
    private final Map<String, String> values = new HashMap<>();

    public Builder put(String name, Object value) {
      if (value != null) {
        values.put(name, value.toString());
      }
      return this;
    }

    public Attributes build() {
      return new Attributes(values);
    }
  }

  public OptionalDouble number(String name) {
    String value = values.get(name);
    if (value == null) {
      return OptionalDouble.empty();
    }
    try {
      return OptionalDouble.of(Double.parseDouble(value.trim()));
    } catch (NumberFormatException e) {
      return OptionalDouble.empty();
    }
  }
}
