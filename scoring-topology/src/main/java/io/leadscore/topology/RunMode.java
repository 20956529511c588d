package io.leadscore.topology;

/**
 * LIVE: the app in force, which routes MQLs, alerts sellers and starts campaigns. SHADOW: a candidate rules version
 * scoring the same input beside it into outputs of its own, to be compared before it is promoted; it acts on nothing.
 */
public enum RunMode {
  LIVE, SHADOW
}
