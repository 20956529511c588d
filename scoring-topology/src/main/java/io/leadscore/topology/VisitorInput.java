package io.leadscore.topology;

import io.leadscore.avro.Identification;
import io.leadscore.score.Activity;

/** What reaches a visitor: its anonymous web activity, or its identification as a lead. */
sealed interface VisitorInput {

  record AnonymousInput(Activity activity) implements VisitorInput {
  }

  record IdentificationInput(Identification identification) implements VisitorInput {
  }
}
