package io.leadscore.routing;

import java.util.Optional;

/**
 * What routing remembers, read and written one entry at a time so that a decision touches only what it needs: each
 * rep's running weight in the rotation, assignments per rep and capacity period, account owners by company domain,
 * and the assignments still waiting for a CRM outcome, by lead.
 */
public interface RoutingMemory {

  int runningWeight(String repId);

  void runningWeight(String repId, int value);

  int load(String repId, long period);

  void load(String repId, long period, int value);

  Optional<String> owner(String companyDomain);

  void owner(String companyDomain, String repId);

  Optional<Assignment> open(String leadId);

  /** Records an assignment that waits for an outcome, replacing the lead's earlier one. */
  void open(Assignment assignment);

  void close(String leadId);
}
