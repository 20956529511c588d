package io.leadscore.routing;

/** Who hears of a lead that entered an alerting stage: a team, and a rep of it when the account's owner is alerted. */
public record AlertTarget(String team, String repId, String via) {
}
