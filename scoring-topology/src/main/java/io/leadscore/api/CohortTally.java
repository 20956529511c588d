package io.leadscore.api;

import io.leadscore.lifecycle.Cohort;
import io.leadscore.lifecycle.Tally;

/** One cohort's counts as instances pass them to each other, to be merged into the effectiveness report. */
public record CohortTally(Cohort cohort, Tally tally) {
}
