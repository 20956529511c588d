package io.leadscore.api;

import java.util.List;
import java.util.Optional;

/** Rules versions scored in the shadow, and how each compares with the live rules. */
public interface ShadowComparisons {

  /** Versions whose status is shadow, latest published first. */
  List<String> shadowed();

  /** The candidate against the live scores, with the {@code top} largest differences; empty if not published. */
  Optional<ShadowReport> compare(String version, int top);
}
