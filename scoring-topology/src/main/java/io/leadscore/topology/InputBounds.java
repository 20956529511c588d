package io.leadscore.topology;

import io.leadscore.failures.InvalidInputException;
import io.leadscore.rules.InputPolicy;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.utils.Utils;

/** The sizes input may have: ids and text values, in UTF-8 bytes. */
final class InputBounds {

  private final int maxIdBytes;
  private final int maxTextBytes;

  InputBounds(InputPolicy input) {
    this.maxIdBytes = input.maxIdBytes();
    this.maxTextBytes = input.maxTextBytes();
  }

  /** Rejects a missing or oversized id; {@code what} names it, as in "lead id". */
  void checkId(String what, String id, String where) {
    if (id == null || id.isBlank()) {
      throw new InvalidInputException("missing " + what + ": " + where + " is empty");
    }
    if (longerThan(id, maxIdBytes)) {
      throw new InvalidInputException(what + " " + InvalidInputException.quote(id) + " (" + where + ") is longer than "
          + maxIdBytes + " bytes");
    }
  }

  /** Rejects a record any of whose text values, map keys or list items is longer than allowed. */
  void checkText(SpecificRecord record) {
    for (Schema.Field field : record.getSchema().getFields()) {
      String problem = tooLong(field.name(), record.get(field.pos()));
      if (problem != null) {
        throw new InvalidInputException(problem);
      }
    }
  }

  /** What is too long in {@code value}, named after {@code name}, or null; names are built only for a problem. */
  private String tooLong(String name, Object value) {
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (!fits(entry.getKey())) {
          return longer(name + " key");
        }
        if (!fits(entry.getValue())) {
          return longer(name + "[" + InvalidInputException.quote(String.valueOf(entry.getKey())) + "]");
        }
      }
    } else if (value instanceof Collection<?> items) {
      for (Object item : items) {
        if (!fits(item)) {
          return longer(name + " item");
        }
      }
    } else if (!fits(value)) {
      return longer(name);
    }
    return null;
  }

  private boolean fits(Object value) {
    return !(value instanceof CharSequence text) || !longerThan(text, maxTextBytes);
  }

  private String longer(String what) {
    return what + " is longer than " + maxTextBytes + " bytes";
  }

  /** Whether {@code text} takes more than {@code limit} bytes in UTF-8; short text is not even counted. */
  private static boolean longerThan(CharSequence text, int limit) {
    return (long) text.length() * 3 > limit && Utils.utf8Length(text) > limit;
  }
}
