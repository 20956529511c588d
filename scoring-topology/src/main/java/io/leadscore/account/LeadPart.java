package io.leadscore.account;

/**
 * A lead's part in its account: its engagement as of {@code at} (decayed from there as the lead's own), when it was
 * last active, and the buying-group role its profile gives it (null for none).
 */
public record LeadPart(double engagement, long at, Long lastActivityAt, String role) {
}
