package io.watchfloor.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchfloor.schemas.Topics;
import io.watchfloor.schemas.avro.RawReport;
import io.watchfloor.schemas.avro.Source;
import io.watchfloor.schemas.registry.SchemaRegistryConfig;
import io.watchfloor.schemas.serde.AvroSerde;
import io.watchfloor.stack.LocalStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What tests 7, 9 and 20 do besides the load: POST one report to ingest like a client, build a raw report as ingest
 * would and produce it straight to the raw topic in the registry's wire format, talk to the registry's REST API with
 * the stack's credentials.
 */
final class RawRecords {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String RAW_SUBJECT = Topics.REPORTS_RAW + "-value";

    private RawRecords() {
    }

    /** A raw report as ingest publishes one from {@code POST /reports} (plain text, the fault suite as source). */
    static RawReport report(String id, String title, String text) {
        return RawReport.newBuilder()
                .setId(id)
                .setSource(Source.newBuilder().setKind("http").setName("watchfloor fault suite").build())
                .setTitle(title)
                .setText(text)
                .setContentType("text/plain")
                .setIngestedAt(Instant.now())
                .setContentHash(sha256(title + "\n" + text))
                .build();
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The registry's config for the stack: its URL and credentials (write access). */
    static SchemaRegistryConfig registry(LocalStack stack) {
        String[] user = stack.options().registryCredentials().split(":", 2);
        return SchemaRegistryConfig.of(stack.registryUrl()).withBasicAuth(user[0], user[1]);
    }

    /** {@code report} in the wire format under the raw subject's current schema (registered if it is not yet). */
    static byte[] serialize(LocalStack stack, RawReport report) {
        return AvroSerde.forValues(RawReport.class, registry(stack)).serialize(Topics.REPORTS_RAW, report);
    }

    static KafkaProducer<String, byte[]> producer(PipelineProbe probe) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, probe.bootstrap(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_048_576), new StringSerializer(), new ByteArraySerializer());
    }

    static RecordMetadata produce(KafkaProducer<String, byte[]> producer, String key, byte[] value) throws Exception {
        return producer.send(new ProducerRecord<>(Topics.REPORTS_RAW, key, value)).get(60, TimeUnit.SECONDS);
    }

    /** Answer of one HTTP call: status and body (or the exception's text as body, status -1). */
    record Answer(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (Exception e) {
                return JSON.createObjectNode();
            }
        }
    }

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /**
     * POSTs a JSON body to ingest's {@code /reports} with the API key and {@code idempotencyKey}, retrying a non-2xx
     * answer (a 503 or 429 under load) or a failed request for up to 2 minutes; the id of the 2xx.
     */
    static String postReport(TestRun run, String body, String idempotencyKey) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                                URI.create(run.stack.ingestUrl() + "/reports"))
                        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                        .header("X-API-Key", run.stack.apiKey()).header("Idempotency-Key", idempotencyKey)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() / 100 == 2) {
                    return JSON.readTree(r.body()).path("id").asText();
                }
                last = r.statusCode() + " " + r.body();
            } catch (java.io.IOException e) {
                last = e.toString();
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("ingest did not accept " + idempotencyKey + " within 2 min: " + last);
    }

    /** A call to the registry with the stack's credentials ({@code body} null: GET). */
    static Answer registry(LocalStack stack, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(stack.registryUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        stack.options().registryCredentials().getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json");
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.method(method, HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body());
    }

    /** enrich-service's /health with the stack's key (so its components, enrichProgress among them, are shown). */
    static Answer enrichHealth(LocalStack stack) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(stack.enrichUrl() + "/health"))
                    .timeout(Duration.ofSeconds(10)).header("X-API-Key", stack.apiKey()).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        } catch (Exception e) {
            return new Answer(-1, e.toString());
        }
    }

    /** Stream-thread failures enrich-service counted since it started ({@code enrichProgress}), -1 if not shown. */
    static long threadFailures(Answer health) {
        JsonNode n = health.json().findValue("threadFailuresTotal");
        return n == null ? -1 : n.asLong();
    }

    /** Whether {@code haystack} contains the bytes of {@code needle}. */
    static boolean contains(byte[] haystack, byte[] needle) {
        if (haystack == null) {
            return false;
        }
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
