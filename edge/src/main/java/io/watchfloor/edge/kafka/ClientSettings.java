package io.watchfloor.edge.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Producer, consumer and Streams settings with the invariants every Watchfloor client keeps: producers are
 * idempotent with acks=all and bounded waits, consumers read committed data and commit themselves, Streams apps
 * run exactly-once. The common part (bootstrap servers, security) comes from one place: {@code kafka.*} in
 * application.yml, or the map given here. Overrides cannot break an invariant: they fail fast instead.
 */
public final class ClientSettings {
    /** Streams' names for its guarantee setting and exactly-once mode; here so this needs no Streams jar. */
    static final String PROCESSING_GUARANTEE = "processing.guarantee";
    static final String EXACTLY_ONCE_V2 = "exactly_once_v2";

    private final Map<String, Object> common;

    public ClientSettings(Map<String, ?> common) {
        this.common = Map.copyOf(common);
        if (!this.common.containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new IllegalArgumentException("No bootstrap.servers: set KAFKA_BOOTSTRAP_SERVERS "
                    + "(kafka.bootstrap.servers), e.g. localhost:9092");
        }
    }

    /** Settings with only bootstrap servers, for tools and tests. */
    public static ClientSettings forBootstrap(String bootstrapServers) {
        return new ClientSettings(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** From a Properties object (Micronaut's {@code kafka.*} defaults, less its own health settings). */
    public static ClientSettings of(Properties properties) {
        Map<String, Object> map = new HashMap<>();
        properties.forEach((k, v) -> {
            if (!k.toString().startsWith("health")) {
                map.put(k.toString(), v);
            }
        });
        return new ClientSettings(map);
    }

    public String bootstrapServers() {
        return common.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG).toString();
    }

    /** The common part alone (bootstrap, security), for admin clients. */
    public Map<String, Object> admin(String clientId) {
        Map<String, Object> config = new HashMap<>(common);
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        return config;
    }

    /** An idempotent, acks=all producer whose every wait is bounded by {@code timeouts}. */
    public Map<String, Object> producer(String clientId, ProducerTimeouts timeouts, Map<String, ?> overrides) {
        Map<String, Object> config = new HashMap<>(common);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.LINGER_MS_CONFIG, (int) timeouts.linger().toMillis());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeouts.maxBlock().toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeouts.request().toMillis());
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeouts.delivery().toMillis());
        config.putAll(overrides);
        requireReliableProducer(config);
        return config;
    }

    /** A consumer in a group that reads only committed records and commits its offsets itself. */
    public Map<String, Object> consumer(String groupId, String clientId, Map<String, ?> overrides) {
        Map<String, Object> config = new HashMap<>(common);
        if (groupId != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.putAll(overrides);
        requireCommittedConsumer(config);
        return config;
    }

    /** Fails when a producer config could lose or duplicate records on retries. */
    public static void requireReliableProducer(Map<String, ?> config) {
        String acks = String.valueOf(config.get(ProducerConfig.ACKS_CONFIG));
        if (!"all".equals(acks) && !"-1".equals(acks)) {
            throw new IllegalArgumentException("Watchfloor producers need acks=all (was " + acks + "): a record "
                    + "acknowledged by one replica can be lost when that broker fails");
        }
        if (!Boolean.parseBoolean(String.valueOf(config.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG)))) {
            throw new IllegalArgumentException("Watchfloor producers need enable.idempotence=true: retries "
                    + "without it write duplicates");
        }
        long delivery = Long.parseLong(String.valueOf(config.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG)));
        long floor = Long.parseLong(String.valueOf(config.get(ProducerConfig.LINGER_MS_CONFIG)))
                + Long.parseLong(String.valueOf(config.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG)));
        if (delivery < floor) {
            throw new IllegalArgumentException("delivery.timeout.ms (" + delivery + ") must be at least "
                    + "linger.ms + request.timeout.ms (" + floor + ")");
        }
    }

    /** Fails when a consumer would auto-commit or read aborted transactions. */
    public static void requireCommittedConsumer(Map<String, ?> config) {
        if (Boolean.parseBoolean(String.valueOf(config.get(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG)))) {
            throw new IllegalArgumentException("Watchfloor consumers commit after their work is durable: "
                    + "enable.auto.commit must be false");
        }
        if (!"read_committed".equals(String.valueOf(config.get(ConsumerConfig.ISOLATION_LEVEL_CONFIG)))) {
            throw new IllegalArgumentException("Watchfloor consumers read exactly-once output: "
                    + "isolation.level must be read_committed");
        }
    }

    /** Fails when a Streams configuration is not exactly-once. */
    public static void requireExactlyOnce(Map<?, ?> streamsConfig) {
        Object guarantee = streamsConfig.get(PROCESSING_GUARANTEE);
        if (!EXACTLY_ONCE_V2.equals(String.valueOf(guarantee))) {
            throw new IllegalArgumentException("Watchfloor Streams apps run exactly-once: set "
                    + "processing.guarantee=exactly_once_v2 (was " + guarantee + ")");
        }
    }
}
