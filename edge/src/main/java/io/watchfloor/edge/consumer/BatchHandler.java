package io.watchfloor.edge.consumer;

import org.apache.kafka.clients.consumer.ConsumerRecords;

/** What a {@link PausingBatchConsumer} does with each polled batch. */
public interface BatchHandler {

    /**
     * Makes the batch durable (written, or dead-lettered with its reason) before returning; the consumer then
     * commits past it. Throws when a dependency is down: nothing of the batch is committed then.
     */
    void handle(ConsumerRecords<String, byte[]> records) throws DependencyUnavailableException;

    /**
     * Checks whether a dependency that was down answers again, before the rewound batch is retried; throws
     * while it is still down. The default retries the batch itself as the probe.
     */
    default void probe(DependencyUnavailableException outage) throws DependencyUnavailableException {
    }
}
