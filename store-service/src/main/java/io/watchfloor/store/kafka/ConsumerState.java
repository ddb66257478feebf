package io.watchfloor.store.kafka;

import java.time.Instant;
import java.util.Set;

/** A snapshot of the store consumer for health and logs. */
public record ConsumerState(Status status, Set<String> assignment, Instant lastPoll, Instant lastCommit,
                            Instant outageSince, String lastError) {

    /** Lifecycle of the consumer thread. */
    public enum Status { STOPPED, STARTING, RUNNING, PAUSED_DEPENDENCY_DOWN, FAILED }
}
