package io.leadscore.topology;

import io.leadscore.account.AccountCard;
import io.leadscore.account.AccountScoring;
import java.util.Optional;

/**
 * What the account scorer published for an account: its card (null once it has no lead left), the stage change if
 * there was one, and whether decay alone caused it.
 */
record AccountOutcome(AccountCard card, Optional<AccountScoring.Transition> transition, boolean byDecay) {
}
