package io.watchfloor.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client for the Confluent Schema Registry REST API (also served by Apicurio's ccompat API, Redpanda, Karapace
 * and Watchfloor's local registry). Caches ids and schemas for good, retries connection failures, 5xx and 429
 * with exponential backoff within one bounded budget per call ({@code callTimeout}), and sends basic auth when
 * configured.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {
    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final Logger LOG = LoggerFactory.getLogger(HttpSchemaRegistryClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final SchemaRegistryConfig config;
    private final HttpClient http;
    private final String authorization;
    private final Map<Integer, Schema> schemaById = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, Integer> idBySubjectSchema = new ConcurrentHashMap<>();

    public HttpSchemaRegistryClient(SchemaRegistryConfig config) {
        if (config.isMock()) {
            throw new IllegalArgumentException("mock:// URLs have no HTTP endpoint; use SchemaRegistryClients.create");
        }
        this.config = config;
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.authorization = config.hasBasicAuth()
                ? "Basic " + Base64.getEncoder().encodeToString(
                        (config.username() + ":" + config.password()).getBytes(StandardCharsets.UTF_8))
                : null;
    }

    public SchemaRegistryConfig config() {
        return config;
    }

    @Override
    public int register(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = call("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema),
                "register schema " + schema.getFullName() + " under subject " + subject);
        int id = requireInt(answer, "id");
        remember(key, id);
        return id;
    }

    @Override
    public int getId(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = call("POST", "/subjects/" + encode(subject), schemaBody(schema),
                "look up schema " + schema.getFullName() + " under subject " + subject
                        + " (auto-registration is off: register it first, e.g. with the build's schemas)");
        int id = requireInt(answer, "id");
        remember(key, id);
        return id;
    }

    @Override
    public Schema getById(int id) {
        Schema cached = schemaById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = call("GET", "/schemas/ids/" + id, null, "fetch schema id " + id);
        Schema schema = parseSchema(answer, "schema id " + id);
        Schema previous = schemaById.putIfAbsent(id, schema);
        return previous == null ? schema : previous;
    }

    /** The latest version registered under the subject; {@link UnknownSchemaException} when it has none. */
    public RegisteredSchema getLatest(String subject) {
        JsonNode answer = call("GET", "/subjects/" + encode(subject) + "/versions/latest", null,
                "fetch the latest schema of subject " + subject);
        int id = requireInt(answer, "id");
        Schema schema = schemaById.computeIfAbsent(id, i -> parseSchema(answer, "subject " + subject));
        return new RegisteredSchema(subject, id, requireInt(answer, "version"), schema);
    }

    /**
     * Asks whether the schema could be registered under the subject given its compatibility level. A subject
     * with no versions yet accepts anything.
     */
    public CompatibilityResult testCompatibility(String subject, Schema schema) {
        JsonNode answer;
        try {
            answer = call("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest?verbose=true",
                    schemaBody(schema), "test compatibility of " + schema.getFullName() + " with subject " + subject);
        } catch (UnknownSchemaException e) {
            if (e.errorCode() == UnknownSchemaException.SUBJECT_NOT_FOUND
                    || e.errorCode() == UnknownSchemaException.VERSION_NOT_FOUND) {
                return new CompatibilityResult(true, List.of("subject " + subject + " has no versions yet"));
            }
            throw e;
        }
        List<String> messages = new ArrayList<>();
        answer.path("messages").forEach(m -> messages.add(m.asText()));
        return new CompatibilityResult(answer.path("is_compatible").asBoolean(false), messages);
    }

    private void remember(SubjectSchema key, int id) {
        idBySubjectSchema.putIfAbsent(key, id);
        schemaById.putIfAbsent(id, key.schema());
    }

    private String schemaBody(Schema schema) {
        ObjectNode body = JSON.createObjectNode();
        body.put("schema", schema.toString());
        return body.toString();
    }

    private JsonNode call(String method, String pathAndQuery, String body, String what) {
        URI uri = URI.create(config.url() + pathAndQuery);
        int attempts = config.maxRetries() + 1;
        long deadline = System.nanoTime() + config.callTimeout().toNanos();
        for (int attempt = 1; ; attempt++) {
            Duration left = Duration.ofNanos(Math.max(1_000_000L, deadline - System.nanoTime()));
            HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                    .timeout(left.compareTo(config.requestTimeout()) < 0 ? left : config.requestTimeout())
                    .header("Accept", CONTENT_TYPE + ", application/vnd.schemaregistry+json, application/json")
                    .header("User-Agent", "watchfloor-schema-registry-client");
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            if (body != null) {
                request.header("Content-Type", CONTENT_TYPE);
                request.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            SchemaRegistryException failure;
            Duration retryAfter = null;
            try {
                HttpResponse<String> response = http.send(request.build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return parseJson(response.body(), what);
                }
                failure = toException(status, response.body(), what);
                if (!failure.retriable()) {
                    throw failure;
                }
                retryAfter = response.headers().firstValue("Retry-After").flatMap(HttpSchemaRegistryClient::seconds)
                        .orElse(null);
            } catch (IOException e) {
                failure = new SchemaRegistryException("Cannot " + what + ": schema registry at " + config.url()
                        + " did not answer (" + e + "); check SCHEMA_REGISTRY_URL and that the registry is running",
                        -1, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException("Interrupted while trying to " + what, -1, e);
            }
            Duration wait = backoff(attempt, retryAfter);
            boolean outOfTime = System.nanoTime() + wait.toNanos() >= deadline;
            if (attempt >= attempts || outOfTime) {
                throw new SchemaRegistryException(failure.getMessage() + " (gave up after " + attempt
                        + (attempt == 1 ? " attempt" : " attempts") + " in at most " + config.callTimeout().toMillis()
                        + " ms)", failure.status(), failure.errorCode(), failure.getCause());
            }
            LOG.warn("Schema registry call failed (attempt {} of {}), retrying in {} ms: {}", attempt, attempts,
                    wait.toMillis(), failure.getMessage());
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException("Interrupted while waiting to retry: " + failure.getMessage(),
                        failure.status(), failure.errorCode(), e);
            }
        }
    }

    private Duration backoff(int attempt, Duration retryAfter) {
        long base = config.initialBackoff().toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(base, MAX_BACKOFF.toMillis());
        long jittered = capped + (capped > 4 ? ThreadLocalRandom.current().nextLong(capped / 4) : 0);
        if (retryAfter != null) {
            jittered = Math.max(jittered, Math.min(retryAfter.toMillis(), MAX_BACKOFF.toMillis()));
        }
        return Duration.ofMillis(jittered);
    }

    private SchemaRegistryException toException(int status, String body, String what) {
        JsonNode error = tryParse(body);
        int code = error != null && error.has("error_code") ? error.get("error_code").asInt(-1) : -1;
        String serverMessage = error != null && error.hasNonNull("message") ? error.get("message").asText()
                : abbreviate(body);
        String prefix = "Cannot " + what + " at " + config.url() + ": HTTP " + status
                + (code > 0 ? " error_code " + code : "") + " (" + serverMessage + ")";
        if (status == 404 && (code == UnknownSchemaException.SUBJECT_NOT_FOUND
                || code == UnknownSchemaException.VERSION_NOT_FOUND
                || code == UnknownSchemaException.SCHEMA_NOT_FOUND)) {
            return new UnknownSchemaException(prefix + "; the registry does not know it: check the id/subject, "
                    + "that producers and consumers use the same registry, or that it was not deleted", code);
        }
        String hint = switch (status) {
            case 401, 403 -> "; check the basic-auth credentials (user:password@ in SCHEMA_REGISTRY_URL or "
                    + "basic.auth.user.info) and the user's permissions";
            case 404 -> "; check that SCHEMA_REGISTRY_URL points at the registry root of a Confluent-compatible "
                    + "API (Apicurio: .../apis/ccompat/v7)";
            case 409 -> "; the schema is incompatible with the subject's compatibility level: make the change "
                    + "compatible (e.g. give new fields a default) or publish to a new .vN topic";
            case 422 -> "; the registry rejected the schema or request as invalid";
            case 429 -> "; the registry is rate-limiting requests";
            default -> status >= 500 ? "; the registry failed internally, check its logs and its storage (Kafka)"
                    : "";
        };
        return new SchemaRegistryException(prefix + hint, status, code, null);
    }

    private static JsonNode parseJson(String body, String what) {
        JsonNode node = tryParse(body);
        if (node == null) {
            throw new SchemaRegistryException("Cannot " + what + ": the registry answered with something that "
                    + "is not JSON: " + abbreviate(body) + " (is SCHEMA_REGISTRY_URL pointing at a schema registry?)");
        }
        return node;
    }

    private static JsonNode tryParse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static int requireInt(JsonNode answer, String field) {
        JsonNode value = answer.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw new SchemaRegistryException("Schema registry answer lacks an integer '" + field + "': "
                    + abbreviate(answer.toString()));
        }
        return value.asInt();
    }

    private static Schema parseSchema(JsonNode answer, String what) {
        JsonNode type = answer.get("schemaType");
        if (type != null && !"AVRO".equalsIgnoreCase(type.asText())) {
            throw new SchemaRegistryException("The registry holds a " + type.asText() + " schema for " + what
                    + "; Watchfloor only reads Avro");
        }
        JsonNode references = answer.get("references");
        if (references != null && references.isArray() && !references.isEmpty()) {
            throw new SchemaRegistryException("The registry holds " + what + " with " + references.size()
                    + " schema reference(s) (" + abbreviate(references.toString()) + "); Watchfloor reads only"
                    + " self-contained Avro schemas: write the record with its types inlined", 200, -1, null);
        }
        JsonNode schema = answer.get("schema");
        if (schema == null || !schema.isTextual()) {
            throw new SchemaRegistryException("Schema registry answer for " + what + " lacks 'schema': "
                    + abbreviate(answer.toString()));
        }
        try {
            return new Schema.Parser().parse(schema.asText());
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException("The registry returned an invalid Avro schema for " + what + ": "
                    + e.getMessage(), 200, -1, e);
        }
    }

    private static Optional<Duration> seconds(String value) {
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    /** Cache key: a schema as registered under one subject. */
    private record SubjectSchema(String subject, Schema schema) {
    }
}
