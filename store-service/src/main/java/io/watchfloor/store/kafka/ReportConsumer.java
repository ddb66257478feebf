package io.watchfloor.store.kafka;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.watchfloor.store.config.StoreKafkaConfig;
import io.watchfloor.store.db.ReportRepository;
import io.watchfloor.store.domain.Backoff;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
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
 * The consumer loop on its own thread: poll, hand the batch to {@link BatchProcessor}, and commit
 * offsets only after the database commit. When a dependency is down it rewinds to the batch start,
 * pauses its partitions and keeps polling (so it stays in the group) until a retry succeeds.
 */
@Singleton
public class ReportConsumer implements ApplicationEventListener<StartupEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(ReportConsumer.class);

    private final StoreKafkaConfig config;
    private final BatchProcessor processor;
    private final ReportRepository repository;
    private final StoreMetrics metrics;
    private final Object lifecycle = new Object();
    private volatile boolean running;
    private volatile Thread thread;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile ConsumerState state = new ConsumerState(ConsumerState.Status.STOPPED, Set.of(), null, null,
            null, null);

    // outage handling, touched only by the consumer thread
    private Backoff backoff;
    private StoreUnavailableException outage;
    private Instant outageSince;
    private Instant retryAt;
    private Instant lastWarn;
    private StoreUnavailableException.Dependency outageDependency;

    public ReportConsumer(StoreKafkaConfig config, BatchProcessor processor, ReportRepository repository,
                          StoreMetrics metrics) {
        this.config = config;
        this.processor = processor;
        this.repository = repository;
        this.metrics = metrics;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        if (config.consumerEnabled()) {
            start();
        } else {
            LOG.info("Store consumer disabled (watchfloor.kafka.consumer-enabled=false)");
        }
    }

    /** Starts the consumer thread; no-op when it is already running. */
    public void start() {
        synchronized (lifecycle) {
            if (thread != null) {
                return;
            }
            running = true;
            state = new ConsumerState(ConsumerState.Status.STARTING, Set.of(), null, null, null, null);
            Thread t = new Thread(this::run, config.groupId() + "-consumer");
            t.setDaemon(false);
            thread = t;
            t.start();
        }
    }

    /** Stops the consumer thread and waits for it; uncommitted records are re-read by the next owner. */
    @PreDestroy
    public void stop() {
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

    private void run() {
        backoff = new Backoff(config.backoffInitial(), config.backoffMax());
        outage = null;
        outageSince = null;
        lastWarn = null;
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(consumerProperties(),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer = c;
            c.subscribe(List.of(config.topic()), new PauseNewPartitionsDuringOutage(c));
            LOG.info("Store consumer subscribed to {} as group {}", config.topic(), config.groupId());
            updateState(c, ConsumerState.Status.RUNNING, null, null);
            while (running) {
                ConsumerRecords<String, byte[]> records = c.poll(config.pollTimeout());
                if (outage != null) {
                    if (!records.isEmpty()) {
                        rewind(c, records);
                    }
                    maybeResume(c);
                    continue;
                }
                if (records.isEmpty()) {
                    updateState(c, ConsumerState.Status.RUNNING, null, null);
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
            if (running && state.status() != ConsumerState.Status.FAILED) {
                // an Error ended the loop: report it instead of looking healthy
                state = new ConsumerState(ConsumerState.Status.FAILED, Set.of(), state.lastPoll(),
                        state.lastCommit(), outageSince, "consumer thread ended unexpectedly; see the log");
            } else if (state.status() != ConsumerState.Status.FAILED) {
                state = new ConsumerState(ConsumerState.Status.STOPPED, Set.of(), state.lastPoll(),
                        state.lastCommit(), null, null);
            }
            LOG.info("Store consumer stopped");
        }
    }

    private void handle(KafkaConsumer<String, byte[]> c, ConsumerRecords<String, byte[]> records) {
        BatchProcessor.Outcome outcome;
        try {
            outcome = processor.process(records);
        } catch (StoreUnavailableException e) {
            rewind(c, records);
            enterOutage(c, e);
            return;
        }
        Instant committed = commit(c, records);
        if (outageSince != null) {
            LOG.info("{} is back after {}s; consumption resumed", outageDependency,
                    Duration.between(outageSince, Instant.now()).toSeconds());
            outageSince = null;
            lastWarn = null;
            backoff.reset();
        }
        LOG.debug("Batch of {}: stored {}, ignored {}, dead-lettered {}", records.count(), outcome.stored(),
                outcome.ignored(), outcome.deadLettered());
        updateState(c, ConsumerState.Status.RUNNING, committed, null);
    }

    /** Commits the offset after each partition's last record; a failed commit only means a harmless replay. */
    private Instant commit(KafkaConsumer<String, byte[]> c, ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> list = records.records(tp);
            offsets.put(tp, new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1));
        }
        try {
            c.commitSync(offsets);
            return Instant.now();
        } catch (WakeupException | InterruptException e) {
            throw e;
        } catch (KafkaException e) {
            // rebalance, timeout, broker gone: the rows are stored, so the worst case is a harmless replay
            LOG.warn("Offset commit failed after the database commit ({}: {}); these records will be re-read "
                    + "and ignored by the idempotent upsert", e.getClass().getSimpleName(), e.getMessage());
            return null;
        }
    }

    private static void rewind(KafkaConsumer<String, byte[]> c, ConsumerRecords<String, byte[]> records) {
        for (TopicPartition tp : records.partitions()) {
            if (c.assignment().contains(tp)) {
                c.seek(tp, records.records(tp).get(0).offset());
            }
        }
    }

    private void enterOutage(KafkaConsumer<String, byte[]> c, StoreUnavailableException e) {
        Instant now = Instant.now();
        boolean first = outageSince == null;
        if (first) {
            outageSince = now;
        }
        outage = e;
        outageDependency = e.dependency();
        c.pause(c.assignment());
        Duration delay = backoff.next();
        retryAt = now.plus(delay);
        if (first || Duration.between(lastWarn, now).compareTo(config.outageWarnInterval()) >= 0) {
            lastWarn = now;
            LOG.warn("{} unavailable for {}s: consumption paused, nothing committed past the last stored record,"
                            + " nothing dead-lettered; retrying in {} ms and resuming automatically. Cause: {}",
                    e.dependency(), Duration.between(outageSince, now).toSeconds(), delay.toMillis(),
                    e.getMessage());
        }
        if (first) {
            metrics.outage();
        }
        updateState(c, ConsumerState.Status.PAUSED_DEPENDENCY_DOWN, null, e.getMessage());
    }

    private void maybeResume(KafkaConsumer<String, byte[]> c) {
        updateState(c, ConsumerState.Status.PAUSED_DEPENDENCY_DOWN, null, outage.getMessage());
        if (Instant.now().isBefore(retryAt)) {
            return;
        }
        if (outage.dependency() == StoreUnavailableException.Dependency.DATABASE) {
            try {
                repository.ping();
            } catch (SQLException e) {
                enterOutage(c, new StoreUnavailableException(StoreUnavailableException.Dependency.DATABASE,
                        "PostgreSQL unavailable: " + e.getMessage() + " (SQLState " + e.getSQLState() + ")", e));
                return;
            }
        }
        // retry the rewound batch; a new failure pauses again with a longer delay
        outage = null;
        c.resume(c.paused());
    }

    private void fail(RuntimeException e) {
        LOG.error("Store consumer crashed; restart the service. Cause: {}", e.toString(), e);
        state = new ConsumerState(ConsumerState.Status.FAILED, Set.of(), state.lastPoll(), state.lastCommit(),
                outageSince, e.toString());
    }

    private void updateState(KafkaConsumer<String, byte[]> c, ConsumerState.Status status, Instant committed,
                             String error) {
        Set<String> assignment = new TreeSet<>();
        c.assignment().forEach(tp -> assignment.add(tp.toString()));
        state = new ConsumerState(status, Set.copyOf(assignment), Instant.now(),
                committed != null ? committed : state.lastCommit(), outageSince, error);
    }

    private Properties consumerProperties() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, config.groupId());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxPollRecords());
        return p;
    }

    /** Partitions handed to us while paused for an outage stay paused until the dependency is back. */
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
            LOG.info("Assigned {}", partitions);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // offsets are committed synchronously after every batch, so there is nothing pending to flush
            LOG.info("Revoked {}", partitions);
        }
    }
}
