package io.watchfloor.enrich.catalog;

import io.watchfloor.edge.kafka.ClientSettings;
import io.watchfloor.edge.kafka.ProducerTimeouts;
import io.watchfloor.enrich.domain.catalog.GroupCatalog;
import io.watchfloor.schemas.Topics;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes a threat-group catalog (the groups.json format) to the compacted catalog topic, where every
 * running enrich-service picks it up without a restart. The whole catalog is one record under
 * {@link Topics#GROUP_CATALOG_KEY}, so a version is swapped in atomically, never half-applied.
 * Usage: {@code CatalogPublisher [--file groups.json] [--bootstrap host:port]}.
 */
public final class CatalogPublisher {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private CatalogPublisher() {
    }

    /** Validates the catalog, then writes it with an idempotent acks=all producer; returns its version. */
    public static String publish(ClientSettings kafka, byte[] catalogJson) {
        String version;
        try {
            version = GroupCatalog.read(new ByteArrayInputStream(catalogJson)).version();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("Not a valid catalog (groups.json format): " + e.getMessage(), e);
        }
        var config = kafka.producer("catalog-publisher", ProducerTimeouts.within(TIMEOUT), Map.of(
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024));
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.GROUP_CATALOG, Topics.GROUP_CATALOG_KEY, catalogJson))
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while publishing the catalog", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not publish the catalog to " + Topics.GROUP_CATALOG + " at "
                    + kafka.bootstrapServers() + ": " + e.getMessage() + ". Is Kafka up and the topic created?", e);
        }
        return version;
    }

    public static void main(String[] args) throws IOException {
        String bootstrap = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");
        byte[] json = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--file" -> json = Files.readAllBytes(Path.of(args[++i]));
                case "--bootstrap" -> bootstrap = args[++i];
                default -> {
                    System.err.println("usage: CatalogPublisher [--file groups.json] [--bootstrap host:port]");
                    System.exit(2);
                }
            }
        }
        String version = publish(ClientSettings.forBootstrap(bootstrap),
                json != null ? json : GroupCatalog.bundledJson());
        System.out.println("published catalog " + version + " to " + Topics.GROUP_CATALOG + " at " + bootstrap);
    }
}
