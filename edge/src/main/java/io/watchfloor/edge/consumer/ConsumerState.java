package io.watchfloor.edge.consumer;

import java.time.Instant;
import java.util.Set;

/** A snapshot of a {@link PausingBatchConsumer} for health and logs. */
public record ConsumerState(Status status, Set<String> assignment, Instant lastPoll, Instant lastCommit,
                            Instant outageSince, String outageDependency, String lastError) {

    /** Lifecycle of the consumer thread. */
    public enum Status { STOPPED, STARTING, RUNNING, PAUSED_DEPENDENCY_DOWN, FAILED }

    static ConsumerState stopped() {
        return new ConsumerState(Status.STOPPED, Set.of(), null, null, null, null, null);
    }

    /** Whether the consumer is doing its job (or starting to). */
    public boolean healthy() {
        return status == Status.RUNNING || status == Status.STARTING;
    }
}
