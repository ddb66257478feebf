package io.watchfloor.ingest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.watchfloor.edge.http.ConcurrencyLimitFilter;
import io.watchfloor.edge.http.ConcurrencyLimiter;
import io.watchfloor.registry.SchemaRegistryServer;
import io.watchfloor.schemas.Topics;
import io.watchfloor.schemas.avro.RawReport;
import io.watchfloor.schemas.registry.SchemaRegistryClients;
import io.watchfloor.schemas.serde.AvroSerde;
import io.watchfloor.testsupport.KafkaBrokerExtension;
import io.watchfloor.testsupport.PrometheusText;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * RELIABILITY test 22, scaled to a test: POST /reports from 32 closed-loop clients for a few seconds against an
 * ingest-service allowed 4 requests at once and 4 waiting. The excess is refused with 429 and Retry-After, never
 * with an error or a dropped connection; every report answered 202 is in the raw topic exactly once and nothing
 * else of the flood is; the limiter never holds more than its bounds.
 */
@ExtendWith(KafkaBrokerExtension.class)
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestFloodIT implements TestPropertyProvider {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LIMIT = 4;
    private static final int QUEUE = 4;
    private static final int CLIENTS = 32;
    private static final Duration FLOOD = Duration.ofSeconds(4);

    @Inject
    EmbeddedServer server;
    @Inject
    ConcurrencyLimitFilter filter;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private SchemaRegistryServer registry;

    @Override
    public Map<String, String> getProperties() {
        String bootstrap = KafkaBrokerExtension.bootstrapServers();
        KafkaBrokerExtension.createTopic(Topics.REPORTS_RAW, 3);
        registry = SchemaRegistryServer.start(bootstrap, "127.0.0.1", 0);
        return Map.of(
                "kafka.bootstrap.servers", bootstrap,
                "watchfloor.schema-registry.url", registry.url(),
                "watchfloor.http.max-concurrent-requests", Integer.toString(LIMIT),
                "watchfloor.http.max-queued-requests", Integer.toString(QUEUE),
                "watchfloor.http.queue-timeout", "100ms",
                "watchfloor.http.retry-after", "2s");
    }

    @AfterAll
    void closeRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void shouldRefuseTheExcessWith429AndWriteEveryAcceptedReportExactlyOnce() throws Exception {
        String run = "flood-" + UUID.randomUUID();
        long heapBefore = usedHeapAfterGc();
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        AtomicInteger acceptedAnswers = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger refusedWithoutRetryAfter = new AtomicInteger();
        Map<Integer, Integer> otherStatuses = new ConcurrentHashMap<>();
        AtomicInteger sequence = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        AtomicInteger maxQueued = new AtomicInteger();
        ConcurrencyLimiter limiter = filter.limiter();

        long end = System.nanoTime() + FLOOD.toNanos();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS + 1);
        try {
            Future<?> sampler = clients.submit(() -> {
                while (System.nanoTime() < end) {
                    maxInFlight.accumulateAndGet(limiter.inFlight(), Math::max);
                    maxQueued.accumulateAndGet(limiter.queued(), Math::max);
                    LockSupport.parkNanos(1_000_000);
                }
                return null;
            });
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                workers.add(clients.submit(() -> {
                    while (System.nanoTime() < end) {
                        int n = sequence.incrementAndGet();
                        HttpResponse<String> response = post(report(run, n));
                        if (response.statusCode() == 202) {
                            acceptedAnswers.incrementAndGet();
                            accepted.add(JSON.readTree(response.body()).get("id").asText());
                        } else if (response.statusCode() == 429) {
                            refused.incrementAndGet();
                            if (!"2".equals(response.headers().firstValue("Retry-After").orElse(null))
                                    || !response.body().contains("\"hint\"")) {
                                refusedWithoutRetryAfter.incrementAndGet();
                            }
                        } else {
                            otherStatuses.merge(response.statusCode(), 1, Integer::sum);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
            sampler.get();
        } finally {
            clients.shutdownNow();
        }
        long heapAfter = usedHeapAfterGc();
        System.out.printf("flood: %d requests, %d accepted (202), %d refused (429), other %s; max in flight %d, "
                        + "max queued %d; heap after GC %d -> %d MiB%n", sequence.get(), acceptedAnswers.get(),
                refused.get(), otherStatuses, maxInFlight.get(), maxQueued.get(), heapBefore >> 20,
                heapAfter >> 20);

        assertTrue(otherStatuses.isEmpty(), "only 202 and 429: " + otherStatuses);
        assertTrue(refused.get() > 0, "the flood went beyond capacity");
        assertEquals(0, refusedWithoutRetryAfter.get(), "every 429 has Retry-After and the error body");
        assertTrue(acceptedAnswers.get() > 0, "requests within capacity are served");
        assertEquals(acceptedAnswers.get(), accepted.size(), "every accepted report has its own id");
        assertTrue(maxInFlight.get() <= LIMIT && maxQueued.get() <= QUEUE,
                "the limiter's bounds hold: " + maxInFlight + " in flight, " + maxQueued + " queued");
        assertTrue(heapAfter - heapBefore < 128L << 20, "heap grew by " + ((heapAfter - heapBefore) >> 20)
                + " MiB");

        // the topic: every 202'd id once, and nothing of the flood that was refused
        Map<String, Integer> written = floodRecords(run);
        assertEquals(accepted, written.keySet(), "the flood's reports in the raw topic are exactly the accepted");
        written.forEach((id, count) -> assertEquals(1, count, "report " + id + " written " + count + " times"));

        await().atMost(Duration.ofSeconds(10)).until(() -> limiter.inFlight() == 0 && limiter.queued() == 0);
        String metrics = scrape();
        assertEquals(refused.get(), PrometheusText.sum(metrics, "watchfloor_http_requests_rejected_total",
                Map.of("service", "ingest-service")), 0.0, "the rejection counter counts every 429");
        assertTrue(PrometheusText.has(metrics, "watchfloor_http_requests_in_flight",
                Map.of("service", "ingest-service")), metrics);
    }

    private static ObjectNode report(String run, int n) {
        ObjectNode report = JSON.createObjectNode();
        report.put("title", "Flood report " + n + " of " + run);
        report.put("text", "Report " + n + " of the load test " + run + ". A port operator said ship agents got "
                + "phishing e-mails imitating customs notices, number " + n + ".");
        report.put("url", "https://flood.example.org/" + run + "/" + n);
        ObjectNode source = report.putObject("source");
        source.put("kind", "http");
        source.put("name", run);
        source.put("url", "https://flood.example.org/");
        report.put("language", "en");
        return report;
    }

    private HttpResponse<String> post(ObjectNode report) throws Exception {
        return http.send(HttpRequest.newBuilder(server.getURI().resolve("/reports"))
                        .timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(report))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Occurrences by key of the raw records whose source is this run, read to the topic's end. */
    private Map<String, Integer> floodRecords(String run) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerExtension.bootstrapServers());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, Integer> counts = new HashMap<>();
        try (KafkaConsumer<String, RawReport> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                AvroSerde.forValues(RawReport.class, SchemaRegistryClients.forUrl(registry.url())).deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.REPORTS_RAW).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> endOffsets = consumer.endOffsets(partitions);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, RawReport> record : consumer.poll(Duration.ofMillis(200))) {
                    if (run.equals(record.value().getSource().getName())) {
                        counts.merge(record.key(), 1, Integer::sum);
                    }
                }
                return partitions.stream().allMatch(p -> consumer.position(p) >= endOffsets.get(p));
            });
        }
        return counts;
    }

    private String scrape() throws Exception {
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(server.getURI().resolve("/prometheus"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metrics.statusCode());
        return metrics.body();
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
