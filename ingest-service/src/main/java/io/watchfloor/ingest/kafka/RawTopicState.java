package io.watchfloor.ingest.kafka;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.runtime.event.annotation.EventListener;
import io.watchfloor.edge.kafka.ClientSettings;
import io.watchfloor.ingest.config.StateProperties;
import io.watchfloor.ingest.domain.PublishedKeys;
import io.watchfloor.ingest.domain.Report;
import io.watchfloor.ingest.feeds.dedup.DuplicateIndex;
import io.watchfloor.ingest.intake.PublishException;
import io.watchfloor.ingest.intake.Revisions;
import io.watchfloor.schemas.Topics;
import io.watchfloor.schemas.avro.RawReport;
import io.watchfloor.schemas.registry.SchemaRegistryClient;
import io.watchfloor.schemas.serde.AvroSerde;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingest's state lives in the compacted raw topic: at start this reads it from the beginning to its end offsets
 * into the {@link DuplicateIndex} (latest revision and content hash per id, content and GUID owners) before
 * ingest is ready and feeds poll, then keeps tailing it so records of other instances are applied too.
 */
@Singleton
public class RawTopicState implements HealthIndicator, Revisions {
    private static final Logger LOG = LoggerFactory.getLogger(RawTopicState.class);
    private static final String NAME = "rawTopicState";

    private final DuplicateIndex index;
    private final PublishedKeys keys;
    private final Supplier<Consumer<String, RawReport>> consumers;
    private final String topic;
    private final StateProperties properties;
    private final CompletableFuture<Void> restored = new CompletableFuture<>();
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private volatile boolean closed;
    private volatile Consumer<String, RawReport> current;
    private volatile Thread thread;
    private volatile long recordsRead;
    private volatile long recordsTotal = -1;
    private volatile long applied;
    private volatile long startedNanos = System.nanoTime();
    private volatile long restoreMillis = -1;
    private volatile String lastError;

    @Inject
    public RawTopicState(ClientSettings kafka, SchemaRegistryClient registry, DuplicateIndex index,
                         PublishedKeys keys, StateProperties properties, MeterRegistry meters) {
        this(index, keys, () -> new KafkaConsumer<>(kafka.consumer(null, properties.clientId(),
                        Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000)), new StringDeserializer(),
                        AvroSerde.forValues(RawReport.class, registry).deserializer()),
                Topics.REPORTS_RAW, properties);
        Gauge.builder("watchfloor.ingest.state.records.read", this, s -> s.recordsRead)
                .description("Raw-topic records read into ingest's state (restore, then tailing)").register(meters);
        Gauge.builder("watchfloor.ingest.state.restored", this, s -> s.restored.isDone() ? 1 : 0)
                .description("1 once ingest's state was restored from the raw topic").register(meters);
    }

    RawTopicState(DuplicateIndex index, PublishedKeys keys, Supplier<Consumer<String, RawReport>> consumers,
                  String topic, StateProperties properties) {
        this.index = index;
        this.keys = keys;
        this.consumers = consumers;
        this.topic = topic;
        this.properties = properties;
        if (!properties.restore()) {
            restored.complete(null);
        }
    }

    @EventListener
    void onStartup(StartupEvent event) {
        start();
    }

    /** Starts restoring (and then tailing) on its own thread; does nothing when restore is switched off. */
    public synchronized void start() {
        if (!properties.restore()) {
            LOG.warn("state restore is off (watchfloor.ingest.state.restore=false): duplicates and revisions "
                    + "start empty and are not shared with other instances");
            return;
        }
        if (thread != null) {
            return;
        }
        startedNanos = System.nanoTime();
        thread = new Thread(this::run, "ingest-state-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    /** Completes when the topic was read up to the end offsets it had at start. */
    @Override
    public CompletableFuture<Void> ready() {
        return restored;
    }

    /**
     * The report as the next revision of its id; throws UNAVAILABLE until the state is restored, so nothing is
     * published with a guessed revision.
     */
    @Override
    public Report assign(Report report) {
        if (!restored.isDone()) {
            throw new PublishException(PublishException.Reason.UNAVAILABLE, "ingest is still restoring its state "
                    + "from " + topic + " (" + progress() + "); nothing was written", null);
        }
        return index.numbered(report);
    }

    private void run() {
        while (!closed) {
            try (Consumer<String, RawReport> consumer = consumers.get()) {
                current = consumer;
                if (closed) {
                    return;
                }
                List<TopicPartition> partitions = partitions(consumer);
                consumer.assign(partitions);
                for (TopicPartition tp : partitions) {
                    Long position = positions.get(tp);
                    if (position == null) {
                        consumer.seekToBeginning(List.of(tp));
                    } else {
                        consumer.seek(tp, position);
                    }
                }
                if (!restored.isDone()) {
                    restore(consumer, partitions);
                }
                while (!closed) {
                    consume(consumer, Duration.ofSeconds(1));
                }
            } catch (WakeupException e) {
                if (closed) {
                    return;
                }
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                lastError = e.toString();
                LOG.error("{} of ingest state from {} failed ({}); retrying in {} ms. Check that the topic exists "
                                + "(it is created with the stack) and that Kafka (kafka.bootstrap.servers) and the "
                                + "schema registry (watchfloor.schema-registry.url) are reachable; until restored, "
                                + "ingest answers 503 and feeds do not poll",
                        restored.isDone() ? "tailing" : "restore", topic, progress(),
                        properties.retryBackoff().toMillis(), e);
                sleep(properties.retryBackoff());
            } finally {
                current = null;
            }
        }
    }

    private List<TopicPartition> partitions(Consumer<String, RawReport> consumer) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist");
        }
        List<TopicPartition> partitions = new ArrayList<>();
        infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        return partitions;
    }

    private void restore(Consumer<String, RawReport> consumer, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, Duration.ofSeconds(10));
        long total = 0;
        for (TopicPartition tp : partitions) {
            total += end.get(tp) - Math.max(begin.get(tp), positions.getOrDefault(tp, 0L));
        }
        recordsTotal = recordsRead + total;
        LOG.info("restoring ingest state from {}: up to {} records in {} partitions", topic, total,
                partitions.size());
        long nextLog = System.nanoTime() + properties.progressInterval().toNanos();
        while (!closed && !reached(consumer, end)) {
            consume(consumer, Duration.ofMillis(500));
            if (System.nanoTime() - nextLog >= 0) {
                LOG.info("restoring ingest state from {}: {}", topic, progress());
                nextLog = System.nanoTime() + properties.progressInterval().toNanos();
            }
        }
        if (closed) {
            return;
        }
        restoreMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
        lastError = null;
        LOG.info("ingest state restored from {}: {} records read, {} reports known, in {} ms; now tailing", topic,
                recordsRead, index.size(), restoreMillis);
        restored.complete(null);
    }

    private boolean reached(Consumer<String, RawReport> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            // position() also steps over transaction markers and compacted gaps
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void consume(Consumer<String, RawReport> consumer, Duration timeout) {
        for (ConsumerRecord<String, RawReport> record : consumer.poll(timeout)) {
            if (record.value() != null) {
                Report report = RawAvroToReport.map(record.value());
                if (index.apply(report)) {
                    applied++;
                }
                keys.apply(report);
            }
            recordsRead++;
            positions.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
        }
    }

    private String progress() {
        long total = recordsTotal;
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
        return recordsRead + (total >= 0 ? " of " + total : "") + " records read in " + elapsed + " ms";
    }

    @Override
    public Publisher<HealthResult> getResult() {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean done = restored.isDone();
        details.put("topic", topic);
        details.put("state", !properties.restore() ? "off" : done ? "tailing" : "restoring");
        details.put("recordsRead", recordsRead);
        details.put("recordsTotal", recordsTotal);
        details.put("recordsApplied", applied);
        details.put("reportsKnown", index.size());
        details.put(done ? "restoreMillis" : "elapsedMillis", done ? restoreMillis
                : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos));
        if (lastError != null) {
            details.put("lastError", lastError);
        }
        return Publishers.just(HealthResult.builder(NAME, done ? HealthStatus.UP : HealthStatus.DOWN)
                .details(details).build());
    }

    @PreDestroy
    public void close() {
        closed = true;
        Consumer<String, RawReport> consumer = current;
        if (consumer != null) {
            consumer.wakeup();
        }
        Thread t = thread;
        if (t != null) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }
}
