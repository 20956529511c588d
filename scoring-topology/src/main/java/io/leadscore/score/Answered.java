package io.leadscore.score;

/** The answer in force for a question rule: the position of the answer in the rule, given at {@code time}. */
public record Answered(long time, int answer) {
}
