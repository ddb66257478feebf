package io.watchfloor.alert.topology;

import io.watchfloor.alert.domain.alerts.AlertDecider;
import io.watchfloor.alert.domain.alerts.AlertDecision;
import io.watchfloor.alert.domain.alerts.AlertState;
import io.watchfloor.alert.domain.health.SourceHealthAlert;
import io.watchfloor.alert.domain.health.SourceHealthEvent;
import io.watchfloor.alert.domain.health.SourceHealthWatch;
import io.watchfloor.alert.domain.matching.AlertReport;
import io.watchfloor.alert.domain.matching.Match;
import io.watchfloor.alert.domain.matching.SubscriptionIndex;
import io.watchfloor.alert.domain.subscription.Subscription;
import io.watchfloor.edge.deadletter.DeadLetterOrigin;
import io.watchfloor.edge.deadletter.DeadLetterStamp;
import io.watchfloor.edge.deadletter.DeadLetterValue;
import io.watchfloor.edge.logging.LogContext;
import io.watchfloor.edge.registry.RegistryFailures;
import io.watchfloor.schemas.Topics;
import io.watchfloor.schemas.avro.AlertEvent;
import io.watchfloor.schemas.avro.EnrichedReport;
import io.watchfloor.schemas.avro.SourceHealth;
import io.watchfloor.schemas.serde.AvroSerde;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * enriched reports -> alerts, exactly-once. Reports are re-keyed by their root report id (the first copy of a
 * near-duplicate) so that every copy of a story meets the same per-(subscription, story) state; each report is
 * matched against the subscription index and {@link AlertDecider} decides whether it raises an alert, an update,
 * or nothing. Alerts go to {@code threat.alerts.v1} keyed by subscription id with CloudEvents headers; a report
 * that cannot be decoded or makes matching throw becomes a dead letter in {@code threat.alerts.dlq.v1}.
 * Beside it, a small stream reads {@code threat.sources.health.v1} and alerts source-health subscriptions when a
 * source enters a watched status or recovers ({@link SourceHealthWatch}, state: last status per source).
 */
public final class AlertTopology {
    private static final Logger LOG = LoggerFactory.getLogger(AlertTopology.class);
    /** Per (subscription, root report): the last alert's id and fingerprint. Changelogged. */
    public static final String STATE_STORE = "alert-state";
    /** The repartition topic (suffix) that groups a story's copies. */
    public static final String BY_ROOT = "alert-by-root";
    /** Per feed source: its last status and the watched statuses of its current outage. Changelogged. */
    public static final String SOURCE_HEALTH_STORE = "source-health-state";

    private AlertTopology() {
    }

    /**
     * What the topology needs besides serdes and the index. {@code producerMaxRequestBytes} is the Streams
     * producer's {@code max.request.size}: a dead letter whose original value would not fit it keeps only its first
     * bytes ({@link DeadLetterValue}).
     */
    public record Settings(String serviceName, String reportLinkBase, int maxAlertBytes, int producerMaxRequestBytes,
                           Clock clock, Observer observer) {
        public Settings(String serviceName, String reportLinkBase, int maxAlertBytes, Clock clock,
                        Observer observer) {
            this(serviceName, reportLinkBase, maxAlertBytes, DeadLetterValue.DEFAULT_MAX_REQUEST_BYTES, clock,
                    observer);
        }

        public Settings(String serviceName, String reportLinkBase, int maxAlertBytes, Clock clock) {
            this(serviceName, reportLinkBase, maxAlertBytes, clock, Observer.NONE);
        }
    }

    /** Told about every alert raised and every dead letter (meters); the topology stays metrics-free. */
    public interface Observer {
        Observer NONE = new Observer() {
        };

        /** An alert of {@code type} ({@code alert.created}, {@code alert.updated}, {@code alert.resolved}). */
        default void alerted(String type) {
        }

        /** A record became a dead letter at {@code stage} because of {@code error}. */
        default void deadLettered(String stage, Throwable error) {
        }

        /** An enriched report or a source-health record was handled (matched, alerted or dead-lettered). */
        default void processed() {
        }
    }

    public static Topology build(AvroSerde<EnrichedReport> enrichedSerde, AvroSerde<AlertEvent> alertSerde,
                                 AvroSerde<SourceHealth> healthSerde, Supplier<SubscriptionIndex> index,
                                 Settings settings) {
        StreamsBuilder builder = new StreamsBuilder();
        define(builder, enrichedSerde, alertSerde, healthSerde, index, settings);
        return builder.build();
    }

    /** Adds the topology to {@code builder}; returns the enriched-report source stream. */
    public static KStream<String, byte[]> define(StreamsBuilder builder, AvroSerde<EnrichedReport> enrichedSerde,
                                                 AvroSerde<AlertEvent> alertSerde,
                                                 AvroSerde<SourceHealth> healthSerde,
                                                 Supplier<SubscriptionIndex> index, Settings settings) {
        KStream<String, byte[]> enriched = builder.stream(Topics.REPORTS_ENRICHED,
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("enriched-reports"));
        KStream<String, byte[]> byRoot = route(enriched.process(
                () -> new RootKeyer(enrichedSerde, settings), Named.as("key-by-root")), "root")
                .repartition(Repartitioned.with(Serdes.String(), Serdes.ByteArray()).withName(BY_ROOT));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STATE_STORE),
                Serdes.String(), Serdes.String()));
        route(byRoot.process(() -> new Matcher(enrichedSerde, alertSerde, index, settings), Named.as("match"),
                STATE_STORE), "alert")
                .to(Topics.ALERTS, Produced.with(Serdes.String(), Serdes.ByteArray()).withName("alerts"));
        defineSourceHealth(builder, alertSerde, healthSerde, index, settings);
        return enriched;
    }

    /**
     * {@code threat.sources.health.v1} -> source-health alerts on {@code threat.alerts.v1}. The topic is keyed by
     * source id, so every record of a source meets the same state without a repartition.
     */
    private static void defineSourceHealth(StreamsBuilder builder, AvroSerde<AlertEvent> alertSerde,
                                           AvroSerde<SourceHealth> healthSerde, Supplier<SubscriptionIndex> index,
                                           Settings settings) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SOURCE_HEALTH_STORE),
                Serdes.String(), Serdes.String()));
        KStream<String, byte[]> health = builder.stream(Topics.SOURCES_HEALTH,
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("source-health"));
        route(health.process(() -> new HealthWatcher(healthSerde, alertSerde, index, settings),
                Named.as("watch-source-health"), SOURCE_HEALTH_STORE), "health")
                .to(Topics.ALERTS, Produced.with(Serdes.String(), Serdes.ByteArray())
                        .withName("source-health-alerts"));
    }

    /** Sends dead letters to the alerts DLQ; returns the rest as bytes. */
    private static KStream<String, byte[]> route(KStream<String, Routed> routed, String name) {
        var branches = routed.split(Named.as(name + "-"))
                .branch((k, r) -> r.deadLetter(), Branched.as("dlq"))
                .defaultBranch(Branched.as("ok"));
        branches.get(name + "-dlq").mapValues(Routed::bytes, Named.as(name + "-dlq-bytes"))
                .to(Topics.ALERTS_DLQ, Produced.with(Serdes.String(), Serdes.ByteArray())
                        .withName(name + "-dead-letters"));
        return branches.get(name + "-ok").mapValues(Routed::bytes, Named.as(name + "-bytes"));
    }

    /** Bytes to write on, or a dead letter (the original bytes) for the alerts DLQ. */
    record Routed(boolean deadLetter, byte[] bytes) {
    }

    /** Decodes a report once to learn its root id and re-keys the original bytes by it. */
    static final class RootKeyer implements Processor<String, byte[], String, Routed> {
        private final AvroSerde<EnrichedReport> serde;
        private final Settings settings;
        private ProcessorContext<String, Routed> context;

        RootKeyer(AvroSerde<EnrichedReport> serde, Settings settings) {
            this.serde = serde;
            this.settings = settings;
        }

        @Override
        public void init(ProcessorContext<String, Routed> context) {
            this.context = context;
        }

        @Override
        public void process(Record<String, byte[]> record) {
            // the key is the report id: on the dead-letter line of an undecodable report
            try (LogContext.Scope log = LogContext.report(record.key())) {
                keyByRoot(record);
            }
        }

        private void keyByRoot(Record<String, byte[]> record) {
            if (record.value() == null) {
                return;
            }
            String root;
            try {
                var raw = serde.deserialize(Topics.REPORTS_ENRICHED, record.value()).getReport();
                root = raw.getDuplicateOf() != null ? raw.getDuplicateOf().toString() : raw.getId().toString();
            } catch (RuntimeException e) {
                if (RegistryFailures.isOutage(e)) {
                    throw e; // retried from the last commit, never dead-lettered
                }
                context.forward(deadLetter(context, record, "alert-decode", e, settings));
                return;
            }
            context.forward(record.withKey(root).withValue(new Routed(false, record.value())));
        }
    }

    /**
     * A processor that reads one kind of record with {@code input}, keeps what it decided per key in its state
     * store and writes alerts with {@code alertSerde}: what {@link Matcher} and {@link HealthWatcher} share.
     */
    abstract static class AlertingProcessor<V extends SpecificRecord> implements Processor<String, byte[], String, Routed> {
        final AvroSerde<V> input;
        final AvroSerde<AlertEvent> alertSerde;
        final Supplier<SubscriptionIndex> index;
        final Settings settings;
        private final String storeName;
        ProcessorContext<String, Routed> context;
        KeyValueStore<String, String> states;

        AlertingProcessor(AvroSerde<V> input, AvroSerde<AlertEvent> alertSerde, Supplier<SubscriptionIndex> index,
                          Settings settings, String storeName) {
            this.input = input;
            this.alertSerde = alertSerde;
            this.index = index;
            this.settings = settings;
            this.storeName = storeName;
        }

        @Override
        public void init(ProcessorContext<String, Routed> context) {
            this.context = context;
            this.states = context.getStateStore(storeName);
        }
    }

    /** Matches a report against the index and turns each match into an alert, an update, or nothing. */
    static final class Matcher extends AlertingProcessor<EnrichedReport> {
        Matcher(AvroSerde<EnrichedReport> enrichedSerde, AvroSerde<AlertEvent> alertSerde,
                Supplier<SubscriptionIndex> index, Settings settings) {
            super(enrichedSerde, alertSerde, index, settings, STATE_STORE);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            // keyed by the story's root report id until decoded, then the report's own id: on every match, alert
            // and dead-letter line of this record
            try (LogContext.Scope log = LogContext.report(record.key())) {
                match(record, log);
            }
            settings.observer().processed();
        }

        private void match(Record<String, byte[]> record, LogContext.Scope log) {
            AlertReport report;
            try {
                report = EnrichedAvroToAlertReport.map(input.deserialize(Topics.REPORTS_ENRICHED,
                        record.value()));
            } catch (RuntimeException e) {
                if (RegistryFailures.isOutage(e)) {
                    throw e;
                }
                context.forward(deadLetter(context, record, "alert-decode", e, settings));
                return;
            }
            log.and(LogContext.REPORT_ID, report.id());
            SubscriptionIndex current = index.get();
            try {
                for (Match match : current.match(report)) {
                    Optional<Subscription> subscription = current.subscription(match.subscriptionId());
                    if (subscription.isPresent()) {
                        decide(record, report, subscription.get(), match);
                    }
                }
            } catch (RuntimeException | StackOverflowError e) {
                context.forward(deadLetter(context, record, "alert-match", e, settings));
            }
        }

        private void decide(Record<String, byte[]> record, AlertReport report, Subscription subscription,
                            Match match) {
            try (LogContext.Scope log = LogContext.scope().and(LogContext.SUBSCRIPTION_ID, subscription.id())) {
                decideFor(record, report, subscription, match);
            }
        }

        private void decideFor(Record<String, byte[]> record, AlertReport report, Subscription subscription,
                               Match match) {
            String key = AlertState.key(subscription.id(), report.rootId());
            AlertDecision decision = AlertDecider.decide(AlertStates.decode(states.get(key)), subscription, report,
                    match, settings.clock().instant());
            if (decision.state() != null) {
                states.put(key, AlertStates.encode(decision.state()));
            }
            decision.alertIfAny().ifPresent(alert -> {
                AlertEvent event = AlertToAvro.map(alert, settings.reportLinkBase());
                byte[] bytes = alertSerde.serialize(Topics.ALERTS, event);
                Headers headers = new RecordHeaders();
                AlertCloudEvents.addTo(headers, Topics.ALERTS, event);
                LOG.debug("Alert {} ({}) for subscription {} on report {}", alert.alertId(), event.getType(),
                        subscription.id(), report.id());
                context.forward(new Record<>(subscription.id(), new Routed(false, bytes),
                        settings.clock().millis(), headers));
                settings.observer().alerted(String.valueOf(event.getType()));
            });
        }
    }

    /** Turns a source's health record into source-health alerts when it enters or leaves a watched status. */
    static final class HealthWatcher extends AlertingProcessor<SourceHealth> {
        HealthWatcher(AvroSerde<SourceHealth> healthSerde, AvroSerde<AlertEvent> alertSerde,
                      Supplier<SubscriptionIndex> index, Settings settings) {
            super(healthSerde, alertSerde, index, settings, SOURCE_HEALTH_STORE);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            if (record.value() != null) {
                watch(record);
            }
            settings.observer().processed();
        }

        private void watch(Record<String, byte[]> record) {
            SourceHealthEvent event;
            try {
                event = SourceHealthAvroToEvent.map(input.deserialize(Topics.SOURCES_HEALTH, record.value()));
            } catch (RuntimeException e) {
                if (RegistryFailures.isOutage(e)) {
                    throw e; // retried from the last commit, never dead-lettered
                }
                context.forward(deadLetter(context, record, "source-health-decode", e, settings));
                return;
            }
            var previous = SourceHealthStates.decode(states.get(event.sourceId()));
            var outcome = SourceHealthWatch.decide(previous, event, index.get().sourceHealthSubscriptions(),
                    settings.clock().instant());
            if (!outcome.state().equals(previous)) {
                states.put(event.sourceId(), SourceHealthStates.encode(outcome.state())); // a write per change only
            }
            for (SourceHealthAlert alert : outcome.alerts()) {
                AlertEvent out = AlertToAvro.map(alert);
                Headers headers = new RecordHeaders();
                AlertCloudEvents.addTo(headers, Topics.ALERTS, out);
                LOG.debug("Source-health alert {} ({}) for subscription {} on source {}", alert.alertId(),
                        out.getType(), alert.subscriptionId(), event.sourceId());
                context.forward(new Record<>(alert.subscriptionId(),
                        new Routed(false, alertSerde.serialize(Topics.ALERTS, out)), settings.clock().millis(),
                        headers));
                settings.observer().alerted(String.valueOf(out.getType()));
            }
        }
    }

    private static Record<String, Routed> deadLetter(ProcessorContext<String, Routed> context,
                                                     Record<String, byte[]> record, String stage, Throwable error,
                                                     Settings settings) {
        DeadLetterOrigin origin = context.recordMetadata()
                .map(m -> new DeadLetterOrigin(m.topic(), m.partition(), m.offset())).orElse(null);
        LOG.warn("Dead-lettering record {} from {} at stage {}: {}", record.key(), origin, stage, error.toString());
        Headers headers = new RecordHeaders(record.headers().toArray());
        DeadLetterStamp.stamp(headers, origin, stage, settings.serviceName(), error, settings.clock().instant());
        // a value bigger than the producer may send would fail the transaction on every retry: keep its first bytes
        byte[] value = DeadLetterValue.fit(record.key() == null ? null
                : record.key().getBytes(StandardCharsets.UTF_8), record.value(), headers,
                settings.producerMaxRequestBytes());
        settings.observer().deadLettered(stage, error);
        return new Record<>(record.key(), new Routed(true, value), record.timestamp(), headers);
    }
}
