package io.leadscore.topology;

import io.leadscore.failures.InvalidInputException;
import io.leadscore.rules.InputPolicy;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

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
    int bytes = utf8Length(id, maxIdBytes);
    if (bytes > maxIdBytes) {
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
    return !(value instanceof CharSequence text) || utf8Length(text, maxTextBytes) <= maxTextBytes;
  }

  private String longer(String what) {
    return what + " is longer than " + maxTextBytes + " bytes";
  }

  /**
   * The UTF-8 length of {@code text} as far as it matters: a number above {@code limit} exactly when that length is.
   * Counting stops once past the limit, and text too short to exceed it is not counted at all.
   */
  static int utf8Length(CharSequence text, int limit) {
    if ((long) text.length() * 3 <= limit) {
      return text.length();
    }
    int bytes = 0;
    for (int i = 0; i < text.length() && bytes <= limit; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
