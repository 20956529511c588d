package io.leadscore.score;

import io.leadscore.rules.Grade;
import java.util.List;

/** Fit of a lead's profile: points, grade, and the profile rules that matched. */
public record Fit(double points, Grade grade, List<Reason> reasons, boolean profileKnown) {
}
