package io.leadscore.rules;

import java.io.StringReader;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** The node tree of a YAML text with line numbers, to point a reader at the place a rules problem is. */
final class YamlOutline {

  private final Node root;

  private YamlOutline(Node root) {
    this.root = root;
  }

  /** Throws {@link MarkedYAMLException} with the place of the first syntax error. */
  static YamlOutline of(String yaml) {
    return new YamlOutline(new Yaml(new LoaderOptions()).compose(new StringReader(yaml)));
  }

  /** 1-based line of the deepest node on the path that exists, or -1. */
  int lineOf(List<Object> path) {
    Node node = root;
    Node found = null;
    for (Object part : path) {
      node = child(node, part);
      if (node == null) {
        break;
      }
      found = node;
    }
    return found == null ? -1 : found.getStartMark().getLine() + 1;
  }

  /** The {@code id} of the innermost mapping on the path that has one. */
  Optional<String> ruleIdAt(List<Object> path) {
    Node node = root;
    String id = null;
    for (Object part : path) {
      node = child(node, part);
      if (node == null) {
        break;
      }
      if (child(node, "id") instanceof ScalarNode scalar) {
        id = scalar.getValue();
      }
    }
    return Optional.ofNullable(id);
  }

  private static Node child(Node node, Object part) {
    if (node instanceof MappingNode mapping && part instanceof String name) {
      for (NodeTuple tuple : mapping.getValue()) {
        if (tuple.getKeyNode() instanceof ScalarNode key && key.getValue().equals(name)) {
          return tuple.getValueNode();
        }
      }
    } else if (node instanceof SequenceNode sequence && part instanceof Integer index) {
      return index < sequence.getValue().size() ? sequence.getValue().get(index) : null;
    }
    return null;
  }
}
