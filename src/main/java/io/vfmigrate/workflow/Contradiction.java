package io.vfmigrate.workflow;

/**
 * Where the real state contradicts a step the journal calls done: what the journal says that step
 * left ({@code journal}) against what the hosts or the guest show now ({@code real}).
 */
public record Contradiction(String journal, String real) {
    public Contradiction {
        if (journal == null || journal.isBlank() || real == null || real.isBlank()) {
            throw new IllegalArgumentException("a contradiction names both what the journal says and what is real");
        }
    }
}
