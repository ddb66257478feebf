package io.watchfloor.enrich.kafka;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.watchfloor.enrich.catalog.CatalogPublisher;
import io.watchfloor.enrich.domain.DefaultEnricher;
import io.watchfloor.enrich.domain.ReloadableEnricher;
import io.watchfloor.enrich.domain.catalog.GroupCatalog;
import io.watchfloor.schemas.Topics;
import jakarta.annotation.PreDestroy;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
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
    private final String bootstrapServers;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    public CatalogWatcher(ReloadableEnricher enricher,
                          @Value("${watchfloor.kafka.bootstrap-servers:`localhost:9092`}") String bootstrapServers) {
        this.enricher = enricher;
        this.bootstrapServers = bootstrapServers;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "enrich-service-catalog");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this, "catalog-watcher");
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
        if (end == 0L) {
            String version = CatalogPublisher.publish(bootstrapServers, CatalogPublisher.bundled());
            LOG.info("Catalog topic {} was empty; published the bundled catalog {}", Topics.GROUP_CATALOG, version);
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (!CatalogPublisher.KEY.equals(record.key()) || record.value() == null) {
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
        } catch (java.io.IOException | RuntimeException e) {
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
