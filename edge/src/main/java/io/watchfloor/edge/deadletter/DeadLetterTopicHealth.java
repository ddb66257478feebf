package io.watchfloor.edge.deadletter;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.watchfloor.edge.kafka.ClientSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.reactivestreams.Publisher;

/**
 * The {@code deadLetterTopic} entry of a service's /health: DOWN, with the reason, while the broker says the
 * service's dead-letter topic does not exist (RELIABILITY test 8). Without it a record that must be dead-lettered
 * stops where it is: in a Streams app (enrich, alert's matching) the producer waits {@code max.block.ms} (60 s) for
 * the topic, the thread fails, is replaced and retries the record from the last committed transaction, so nothing
 * is skipped or lost, but the pipeline stands still behind that record, and a progress check cannot see it in time
 * (the dead letter counts as handled when it is handed to the producer, and each retry costs a rebalance). The
 * broker's answer, asked every {@code interval} in the background, says it at once. An unanswered lookup (broker
 * down: the {@code kafka} entry says so) keeps the last state.
 */
public final class DeadLetterTopicHealth implements HealthIndicator, AutoCloseable {
    /** Whether the topic exists, as far as the broker answered. */
    public enum State { UNCHECKED, EXISTS, MISSING }

    /** Asks the broker about one topic; throws when there is no answer. */
    @FunctionalInterface
    public interface Lookup {
        State lookup(String topic) throws Exception;
    }

    static final String NAME = "deadLetterTopic";

    private final String topic;
    private final String consequence;
    private final Lookup lookup;
    private final ScheduledExecutorService timer;
    private final AutoCloseable resource;
    private volatile State state = State.UNCHECKED;
    private volatile String lastError;

    /** What a missing dead-letter topic does to a Streams app, in the words of {@link #DeadLetterTopicHealth}. */
    public static final String STREAMS_CONSEQUENCE = "a record that must be dead-lettered stops its stream thread, "
            + "which retries it from the last committed transaction (nothing is skipped or lost) while the records "
            + "behind it wait";

    /**
     * Checks now and then every {@code interval} on a daemon thread ({@code interval} null: only on
     * {@link #refresh()}); {@code resource} (the lookup's Admin client, or null) is closed with it.
     * {@code consequence}: what the service does meanwhile, for the reason (for example
     * {@link #STREAMS_CONSEQUENCE}).
     */
    public DeadLetterTopicHealth(String topic, String consequence, Lookup lookup, Duration interval,
                                 AutoCloseable resource) {
        this.topic = topic;
        this.consequence = consequence;
        this.lookup = lookup;
        this.resource = resource;
        if (interval == null) {
            this.timer = null;
        } else {
            this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "dead-letter-topic-health");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleWithFixedDelay(this::refresh, 0, Math.max(500, interval.toMillis()), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * The entry as every service runs it: its own Admin client ({@code clientId}), the broker asked every 5 s with a
     * 5 s timeout, the client closed with the entry.
     */
    public static DeadLetterTopicHealth watching(ClientSettings kafka, String clientId, String topic,
                                                 String consequence) {
        Admin admin = Admin.create(kafka.admin(clientId));
        return new DeadLetterTopicHealth(topic, consequence, admin(admin, Duration.ofSeconds(5)),
                Duration.ofSeconds(5), admin);
    }

    /** The lookup through an Admin client, waiting at most {@code timeout}. */
    public static Lookup admin(Admin admin, Duration timeout) {
        return topic -> {
            try {
                admin.describeTopics(List.of(topic)).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return State.EXISTS;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    return State.MISSING;
                }
                throw e;
            }
        };
    }

    /** Asks the broker once. */
    public void refresh() {
        try {
            state = lookup.lookup(topic);
            lastError = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            lastError = e.toString();
        }
    }

    public State state() {
        return state;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        State now = state;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("topic", topic);
        details.put("state", now.name());
        if (lastError != null) {
            details.put("lastLookupError", lastError);
        }
        if (now == State.MISSING) {
            details.put("reason", "the dead-letter topic " + topic + " does not exist: " + consequence
                    + ". Create the topic again (as ./watchfloor up provisions it, or with the cluster's tools); "
                    + "the service resumes by itself");
        }
        return Publishers.just(HealthResult.builder(NAME, now == State.MISSING ? HealthStatus.DOWN : HealthStatus.UP)
                .details(details).build());
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        if (resource != null) {
            try {
                resource.close();
            } catch (Exception e) {
                // closing anyway
            }
        }
    }
}
