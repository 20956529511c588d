package io.leadscore.rules;

import java.util.ArrayList;
import java.util.List;

/** Property paths such as {@code engagement.rules[2].cap}: a list of field names and list indexes. */
final class RulePath {

  private RulePath() {
  }

  static List<Object> parse(String path) {
    List<Object> parts = new ArrayList<>();
    for (String segment : path.split("\\.")) {
      int bracket = segment.indexOf('[');
      String name = bracket < 0 ? segment : segment.substring(0, bracket);
      if (!name.isEmpty()) {
        parts.add(name);
      }
      while (bracket >= 0) {
        int close = segment.indexOf(']', bracket);
        parts.add(Integer.parseInt(segment.substring(bracket + 1, close)));
        bracket = segment.indexOf('[', close);
      }
    }
    return parts;
  }

  static String format(List<Object> path) {
    StringBuilder text = new StringBuilder();
    for (Object part : path) {
      if (part instanceof Integer index) {
        text.append('[').append(index).append(']');
      } else {
        if (!text.isEmpty()) {
          text.append('.');
        }
        text.append(part);
      }
    }
    return text.toString();
  }
}
