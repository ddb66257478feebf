package io.watchfloor.stack;

import java.util.Optional;

/**
 * One part of the local stack that can be started, stopped (cleanly or killed) and started again on the
 * same port and data: the broker, PostgreSQL, the registry, a service instance.
 */
interface Component {

    /** Stable name: kafka, postgres, schema-registry, ingest-service, ... */
    String name();

    /** Starts the part without waiting for it to be ready. */
    void launch() throws Exception;

    /** Waits until the part answers; throws with a pointer to its log if it does not. */
    void awaitReady() throws Exception;

    /** Stops the part: SIGTERM and a grace period, or SIGKILL when {@code kill} (a crash). Idempotent. */
    void stop(boolean kill);

    /** True between a launch and a stop (even if the process has since died on its own). */
    boolean isStarted();

    /** The OS process, when the part is one. */
    Optional<ManagedProcess> process();
}
