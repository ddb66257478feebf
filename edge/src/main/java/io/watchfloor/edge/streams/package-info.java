/**
 * Health of Kafka Streams apps: {@link io.watchfloor.edge.streams.StreamProgress} (plain Java: stream-thread deaths
 * in a window with nothing processed since = stalled), {@link io.watchfloor.edge.streams.StreamThreadFailures} (the
 * uncaught-exception handler that replaces the thread and counts the death) and
 * {@link io.watchfloor.edge.streams.StreamProgressHealth} (the /health entry). Used by enrich-service and
 * alert-service; micronaut-kafka-streams is an optional dependency of edge, so services without Streams do not get it.
 */
package io.watchfloor.edge.streams;
