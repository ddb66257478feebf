package io.watchfloor.store.kafka;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.watchfloor.edge.consumer.ConsumerState;
import io.watchfloor.edge.consumer.PausingBatchConsumer;
import io.watchfloor.edge.deadletter.DeadLetterPublisher;
import io.watchfloor.edge.kafka.ClientSettings;
import io.watchfloor.edge.metrics.PipelineMeters;
import io.watchfloor.schemas.avro.EnrichedReport;
import io.watchfloor.schemas.serde.AvroSerde;
import io.watchfloor.store.config.StoreSettings;
import io.watchfloor.store.domain.ReportStore;
import io.watchfloor.store.domain.ReportWriter;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the store's consumer of the enriched topic (the shared {@link PausingBatchConsumer}, see
 * docs/store-service.md for why a hand-written loop) from startup to shutdown.
 */
@Singleton
public class StoreConsumer implements ApplicationEventListener<StartupEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(StoreConsumer.class);
    private final StoreSettings settings;
    private final DeadLetterPublisher deadLetters;
    private final PausingBatchConsumer consumer;

    public StoreConsumer(StoreSettings settings, ClientSettings kafka, AvroSerde<EnrichedReport> serde,
                         ReportWriter writer, ReportStore store, StoreMetrics metrics) {
        this.settings = settings;
        this.deadLetters = new DeadLetterPublisher(kafka, settings.deadLetterTopic(), settings.groupId(),
                settings.deadLetterTimeout(), new PipelineMeters(metrics.registry(), settings.groupId()));
        var handler = new EnrichedReportHandler(serde, writer, store, deadLetters, metrics);
        var config = kafka.consumer(settings.groupId(), settings.groupId(),
                Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords()));
        this.consumer = new PausingBatchConsumer(new PausingBatchConsumer.Settings(settings.groupId(), config,
                List.of(settings.topic()), settings.pollTimeout(), settings.backoffInitial(), settings.backoffMax(),
                settings.outageWarnInterval()), handler, dependency -> metrics.outage(), metrics.registry());
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        if (settings.consumerEnabled()) {
            start();
        } else {
            LOG.info("Store consumer disabled (watchfloor.store.consumer-enabled=false)");
        }
    }

    /** Starts consuming; no-op when already running. */
    public void start() {
        consumer.start();
    }

    /** Stops consuming; what was not committed is read again by the next owner. */
    public void stop() {
        consumer.close();
    }

    public ConsumerState state() {
        return consumer.state();
    }

    @PreDestroy
    void close() {
        consumer.close();
        deadLetters.close();
    }
}
