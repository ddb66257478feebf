package io.watchfloor.enrich.catalog;

import io.watchfloor.enrich.domain.catalog.GroupCatalog;
import io.watchfloor.schemas.Topics;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
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
 * running enrich-service picks it up without a restart. The whole catalog is one record under the key
 * {@link #KEY}, so a version is swapped in atomically, never half-applied.
 * Usage: {@code CatalogPublisher [--file groups.json] [--bootstrap host:port]}.
 */
public final class CatalogPublisher {
    public static final String KEY = "groups";

    private CatalogPublisher() {
    }

    /** Validates the catalog, then writes it with an idempotent acks=all producer; returns its version. */
    public static String publish(String bootstrapServers, byte[] catalogJson) {
        String version;
        try {
            version = GroupCatalog.read(new ByteArrayInputStream(catalogJson)).version();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("Not a valid catalog (groups.json format): " + e.getMessage(), e);
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "catalog-publisher");
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.GROUP_CATALOG, KEY, catalogJson)).get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while publishing the catalog", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not publish the catalog to " + Topics.GROUP_CATALOG + " at "
                    + bootstrapServers + ": " + e.getMessage() + ". Is Kafka up and the topic created?", e);
        }
        return version;
    }

    /** The catalog bundled with this build. */
    public static byte[] bundled() {
        try (InputStream in = GroupCatalog.class.getResourceAsStream(GroupCatalog.RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(GroupCatalog.RESOURCE + " is not on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + GroupCatalog.RESOURCE, e);
        }
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
        String version = publish(bootstrap, json != null ? json : bundled());
        System.out.println("published catalog " + version + " to " + Topics.GROUP_CATALOG + " at " + bootstrap);
    }
}
