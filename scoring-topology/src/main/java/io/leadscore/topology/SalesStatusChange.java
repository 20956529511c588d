package io.leadscore.topology;

import io.leadscore.avro.CrmOutcome;
import io.leadscore.lifecycle.SalesCycle;

/** A lead's sales status changed: it qualified ({@code reported} null) or the CRM reported an outcome. */
record SalesStatusChange(String leadId, SalesCycle.Moved moved, CrmOutcome reported) {
}
