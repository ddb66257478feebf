package io.watchfloor.edge.consumer;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import io.micrometer.core.instrument.MeterRegistry;
import io.watchfloor.edge.metrics.KafkaClientMeters;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer loop on its own thread: poll, hand the batch to a {@link BatchHandler}, and commit offsets only
 * after the handler made the batch durable. When a dependency is down it rewinds to the batch start, pauses its
 * partitions and keeps polling (so it stays in its group, however long the outage) until a retry succeeds.
 * Records are read as String keys and raw bytes: decoding is the handler's, so a bad record is the handler's to
 * dead-letter and never stops the loop.
 */
public final class PausingBatchConsumer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PausingBatchConsumer.class);

    /** How the loop runs: its consumer config (from {@code ClientSettings.consumer}), topics and timings. */
    public record Settings(String name, Map<String, Object> consumerConfig, List<String> topics,
                           Duration pollTimeout, Duration backoffInitial, Duration backoffMax,
                           Duration outageWarnInterval) {
    }

    private final Settings settings;
    private final BatchHandler handler;
    private final Consumer<String> onOutage;
    private final MeterRegistry meters;
    private final Object lifecycle = new Object();
    private volatile boolean running;
    private volatile Thread thread;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile ConsumerState state = ConsumerState.stopped();

    // outage handling, touched only by the consumer thread
    private Backoff backoff;
    private DependencyUnavailableException outage;
    private Instant outageSince;
    private Instant retryAt;
    private Instant lastWarn;
    /** Offsets this loop committed (or found committed), per partition. */
    private final Map<TopicPartition, Long> committedOffsets = new HashMap<>();

    /** {@code onOutage} is told the dependency's name once per outage (for a metric). */
    public PausingBatchConsumer(Settings settings, BatchHandler handler, Consumer<String> onOutage) {
        this(settings, handler, onOutage, null);
    }

    /** As above, with the consumer's own Kafka client metrics on {@code meters} ({@code kafka_consumer_*}). */
    public PausingBatchConsumer(Settings settings, BatchHandler handler, Consumer<String> onOutage,
                                MeterRegistry meters) {
        this.settings = settings;
        this.handler = handler;
        this.onOutage = onOutage;
        this.meters = meters;
    }

    /** Starts the consumer thread; no-op when it is already running. */
    public void start() {
        synchronized (lifecycle) {
            if (thread != null) {
                return;
            }
            running = true;
            state = new ConsumerState(ConsumerState.Status.STARTING, Set.of(), null, null, null, null, null);
            Thread t = new Thread(this::run, settings.name() + "-consumer");
            thread = t;
            t.start();
        }
    }

    /** Stops the thread and waits for it; what was not committed is re-read by the next owner. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            Thread t = thread;
            if (t == null) {
                return;
            }
            running = false;
            KafkaConsumer<String, byte[]> c = consumer;
            if (c != null) {
                c.wakeup();
            }
            try {
                t.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    public ConsumerState state() {
        return state;
    }

    public Settings settings() {
        return settings;
    }

    private void run() {
        backoff = new Backoff(settings.backoffInitial(), settings.backoffMax());
        outage = null;
        outageSince = null;
        lastWarn = null;
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(settings.consumerConfig(),
                new StringDeserializer(), new ByteArrayDeserializer());
             KafkaClientMeters clientMeters = KafkaClientMeters.of(meters, c)) {
            consumer = c;
            c.subscribe(settings.topics(), new PauseNewPartitionsDuringOutage(c));
            LOG.info("{} subscribed to {} as group {}", settings.name(), settings.topics(),
                    settings.consumerConfig().get("group.id"));
            update(c, ConsumerState.Status.RUNNING, null, null);
            while (running) {
                ConsumerRecords<String, byte[]> records = c.poll(settings.pollTimeout());
                if (outage != null) {
                    if (!records.isEmpty()) {
                        rewind(c, records);
                    }
                    maybeResume(c);
                    continue;
                }
                if (records.isEmpty()) {
                    update(c, ConsumerState.Status.RUNNING, commitPastMarkers(c), null);
                    continue;
                }
                handle(c, records);
            }
        } catch (WakeupException e) {
            if (running) {
                fail(e);
            }
        } catch (RuntimeException e) {
            fail(e);
        } finally {
            consumer = null;
            ConsumerState s = state;
            if (running && s.status() != ConsumerState.Status.FAILED) {
                // an Error ended the loop: report it instead of looking healthy
                state = new ConsumerState(ConsumerState.Status.FAILED, Set.of(), s.lastPoll(), s.lastCommit(),
                        outageSince, null, "consumer thread ended unexpectedly; see the log");
            } else if (s.status() != ConsumerState.Status.FAILED) {
                state = new ConsumerState(ConsumerState.Status.STOPPED, Set.of(), s.lastPoll(), s.lastCommit(),
                        null, null, null);
            }
            LOG.info("{} stopped", settings.name());
        }
    }

    private void handle(KafkaConsumer<String, byte[]> c, ConsumerRecords<String, byte[]> records) {
        try {
            handler.handle(records);
        } catch (DependencyUnavailableException e) {
            rewind(c, records);
            enterOutage(c, e);
            return;
        }
        Instant committed = commit(c, records);
        if (outageSince != null) {
            LOG.info("{} is back after {} s; {} resumed", state.outageDependency(),
                    Duration.between(outageSince, Instant.now()).toSeconds(), settings.name());
            outageSince = null;
            lastWarn = null;
            backoff.reset();
        }
        update(c, ConsumerState.Status.RUNNING, committed, null);
    }

    /** Commits the offset after each partition's last record; a failed commit only means a harmless replay. */
    private Instant commit(KafkaConsumer<String, byte[]> c, ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> list = records.records(tp);
            offsets.put(tp, new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1));
        }
        try {
            return commitSync(c, offsets);
        } catch (WakeupException | InterruptException e) {
            throw e;
        } catch (KafkaException e) {
            // rebalance, timeout, broker gone: the batch is durable, so the worst case is a harmless replay
            LOG.warn("{}: offset commit failed after the batch was made durable ({}: {}); these records will be "
                    + "read again and must be idempotent", settings.name(), e.getClass().getSimpleName(),
                    e.getMessage());
            return null;
        }
    }

    /**
     * On an empty poll every record returned so far was handled, so a position beyond the committed offset can
     * only have skipped records no handler sees: the commit marker a transactional producer (Kafka Streams with
     * exactly-once) writes after its records, or an aborted transaction's records. Committing the position then
     * lets an idle group show lag 0 in {@code kafka-consumer-groups} and {@code ./watchfloor status} instead of 1
     * per partition for ever, which an operator would take for a stuck consumer.
     *
     * @return when something was committed, else null
     */
    private Instant commitPastMarkers(KafkaConsumer<String, byte[]> c) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        try {
            Set<TopicPartition> assigned = c.assignment();
            committedOffsets.keySet().retainAll(assigned);
            Set<TopicPartition> unknown = new HashSet<>(assigned);
            unknown.removeAll(committedOffsets.keySet());
            if (!unknown.isEmpty()) {
                c.committed(unknown, Duration.ofSeconds(5)).forEach((tp, o) -> committedOffsets.put(tp,
                        o == null ? -1L : o.offset()));
            }
            for (TopicPartition tp : assigned) {
                if (c.paused().contains(tp)) {
                    continue;
                }
                long position = c.position(tp, Duration.ofSeconds(1));
                if (position > committedOffsets.getOrDefault(tp, Long.MAX_VALUE)) {
                    offsets.put(tp, new OffsetAndMetadata(position));
                }
            }
            return offsets.isEmpty() ? null : commitSync(c, offsets);
        } catch (WakeupException | InterruptException e) {
            throw e;
        } catch (KafkaException e) {
            // a timeout or a rebalance: only the markers stay uncommitted, tried again at the next empty poll
            LOG.debug("{}: committing past transaction markers failed ({}); tried again", settings.name(),
                    e.toString());
            return null;
        }
    }

    private Instant commitSync(KafkaConsumer<String, byte[]> c, Map<TopicPartition, OffsetAndMetadata> offsets) {
        c.commitSync(offsets);
        offsets.forEach((tp, o) -> committedOffsets.put(tp, o.offset()));
        return Instant.now();
    }

    private static void rewind(KafkaConsumer<String, byte[]> c, ConsumerRecords<String, byte[]> records) {
        for (TopicPartition tp : records.partitions()) {
            if (c.assignment().contains(tp)) {
                c.seek(tp, records.records(tp).get(0).offset());
            }
        }
    }

    private void enterOutage(KafkaConsumer<String, byte[]> c, DependencyUnavailableException e) {
        Instant now = Instant.now();
        boolean first = outageSince == null;
        if (first) {
            outageSince = now;
        }
        outage = e;
        c.pause(c.assignment());
        Duration delay = backoff.next();
        retryAt = now.plus(delay);
        if (first || Duration.between(lastWarn, now).compareTo(settings.outageWarnInterval()) >= 0) {
            lastWarn = now;
            LOG.warn("{} unavailable for {} s: {} paused, nothing committed past the last durable record, "
                            + "nothing dead-lettered; retrying in {} ms and resuming by itself. Cause: {}",
                    e.dependency(), Duration.between(outageSince, now).toSeconds(), settings.name(),
                    delay.toMillis(), e.getMessage());
        }
        if (first) {
            onOutage.accept(e.dependency());
        }
        update(c, ConsumerState.Status.PAUSED_DEPENDENCY_DOWN, null, e);
    }

    private void maybeResume(KafkaConsumer<String, byte[]> c) {
        update(c, ConsumerState.Status.PAUSED_DEPENDENCY_DOWN, null, outage);
        if (Instant.now().isBefore(retryAt)) {
            return;
        }
        try {
            handler.probe(outage);
        } catch (DependencyUnavailableException e) {
            enterOutage(c, e);
            return;
        }
        // retry the rewound batch; a new failure pauses again with a longer delay
        outage = null;
        c.resume(c.paused());
    }

    private void fail(RuntimeException e) {
        LOG.error("{} crashed; restart the service. Cause: {}", settings.name(), e.toString(), e);
        ConsumerState s = state;
        state = new ConsumerState(ConsumerState.Status.FAILED, Set.of(), s.lastPoll(), s.lastCommit(),
                outageSince, null, e.toString());
    }

    private void update(KafkaConsumer<String, byte[]> c, ConsumerState.Status status, Instant committed,
                        DependencyUnavailableException down) {
        Set<String> assignment = new TreeSet<>();
        c.assignment().forEach(tp -> assignment.add(tp.toString()));
        ConsumerState s = state;
        state = new ConsumerState(status, Set.copyOf(assignment), Instant.now(),
                committed != null ? committed : s.lastCommit(), outageSince,
                down == null ? null : down.dependency(), down == null ? null : down.getMessage());
    }

    /** Partitions handed over while paused for an outage stay paused until the dependency is back. */
    private final class PauseNewPartitionsDuringOutage implements ConsumerRebalanceListener {
        private final KafkaConsumer<String, byte[]> c;

        private PauseNewPartitionsDuringOutage(KafkaConsumer<String, byte[]> c) {
            this.c = c;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (outage != null) {
                c.pause(partitions);
            }
            LOG.info("{}: assigned {}", settings.name(), partitions);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // offsets are committed synchronously after every batch, so nothing is pending to flush
            LOG.info("{}: revoked {}", settings.name(), partitions);
        }
    }
}
