package io.leadscore.rules;

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
