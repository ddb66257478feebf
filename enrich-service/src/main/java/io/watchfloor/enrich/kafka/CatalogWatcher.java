package io.watchfloor.enrich.kafka;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.watchfloor.edge.kafka.ClientSettings;
import io.watchfloor.edge.kafka.ProducerTimeouts;
import io.watchfloor.enrich.domain.DefaultEnricher;
import io.watchfloor.enrich.domain.ReloadableEnricher;
import io.watchfloor.enrich.domain.catalog.GroupCatalog;
import io.watchfloor.schemas.Topics;
import jakarta.annotation.PreDestroy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the compacted catalog topic as a one-row table and swaps a new catalog into the running enricher
 * without a restart. When the topic is empty, it seeds it with the catalog bundled in this build.
 */
@Context
@Requires(property = "watchfloor.enrich.catalog-topic", notEquals = "false")
public final class CatalogWatcher implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogWatcher.class);
    private final KafkaConsumer<String, byte[]> consumer;
    private final ReloadableEnricher enricher;
    private final ClientSettings kafka;
    private final AtomicBoolean running = new AtomicBoolean(true);

    public CatalogWatcher(ReloadableEnricher enricher, ClientSettings kafka) {
        this.enricher = enricher;
        this.kafka = kafka;
        this.consumer = new KafkaConsumer<>(kafka.consumer(null, "enrich-service-catalog",
                Map.of(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024)),
                new StringDeserializer(), new ByteArrayDeserializer());
        Thread thread = new Thread(this, "catalog-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        TopicPartition partition = new TopicPartition(Topics.GROUP_CATALOG, 0);
        try {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            seedIfEmpty(partition);
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    apply(record);
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.error("Catalog watcher stopped; enrichment goes on with catalog {}. Check that topic {} exists"
                    + " and restart enrich-service to watch it again", enricher.catalogVersion(),
                    Topics.GROUP_CATALOG, e);
        } finally {
            consumer.close();
        }
    }

    private void seedIfEmpty(TopicPartition partition) {
        long end = consumer.endOffsets(List.of(partition), Duration.ofSeconds(30)).getOrDefault(partition, 0L);
        if (end > 0L) {
            return;
        }
        var config = kafka.producer("enrich-service-catalog-seed", ProducerTimeouts.within(Duration.ofSeconds(30)),
                Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip",
                        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024));
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.GROUP_CATALOG, Topics.GROUP_CATALOG_KEY,
                    GroupCatalog.bundledJson())).get(30, TimeUnit.SECONDS);
            LOG.info("Catalog topic {} was empty; published the bundled catalog {}", Topics.GROUP_CATALOG,
                    enricher.catalogVersion());
        } catch (Exception e) {
            LOG.warn("Could not seed the empty catalog topic {} ({}); enrichment uses the bundled catalog {}",
                    Topics.GROUP_CATALOG, e.toString(), enricher.catalogVersion());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (!Topics.GROUP_CATALOG_KEY.equals(record.key()) || record.value() == null) {
            return;
        }
        try {
            GroupCatalog catalog = GroupCatalog.read(new ByteArrayInputStream(record.value()));
            if (catalog.version().equals(enricher.catalogVersion())) {
                return;
            }
            String previous = enricher.swap(new DefaultEnricher(catalog));
            LOG.info("Catalog {} -> {} ({} groups) from {} offset {}", previous, catalog.version(),
                    catalog.groups().size(), Topics.GROUP_CATALOG, record.offset());
        } catch (IOException | RuntimeException e) {
            LOG.error("Ignoring catalog record at offset {} of {}: {}. Enrichment keeps catalog {}",
                    record.offset(), Topics.GROUP_CATALOG, e.getMessage(), enricher.catalogVersion());
        }
    }

    @PreDestroy
    void close() {
        running.set(false);
        consumer.wakeup();
    }
}
