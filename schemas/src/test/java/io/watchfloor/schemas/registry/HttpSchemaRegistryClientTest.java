package io.watchfloor.schemas.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watchfloor.schemas.avro.RawReport;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpSchemaRegistryClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private StubRegistry stub;

    @BeforeEach
    void startStub() throws Exception {
        stub = new StubRegistry();
    }

    @AfterEach
    void stopStub() {
        stub.close();
    }

    private HttpSchemaRegistryClient client(String url) {
        return new HttpSchemaRegistryClient(SchemaRegistryConfig.of(url).withRetries(3, Duration.ofMillis(5))
                .withRequestTimeout(Duration.ofSeconds(5)));
    }

    private static String schemaAnswer(Schema schema) {
        ObjectNode node = JSON.createObjectNode();
        node.put("schema", schema.toString());
        return node.toString();
    }

    @Test
    void shouldRegisterWithConfluentRequestShape() throws Exception {
        stub.answer(200, "{\"id\":21}");

        int id = client(stub.url()).register("threat.reports.raw.v1-value", RawReport.getClassSchema());

        assertEquals(21, id);
        StubRegistry.Seen request = stub.requests().get(0);
        assertEquals("POST", request.method());
        assertEquals("/subjects/threat.reports.raw.v1-value/versions", request.path());
        assertEquals("application/vnd.schemaregistry.v1+json", request.contentType());
        JsonNode body = JSON.readTree(request.body());
        assertEquals(RawReport.getClassSchema(), new Schema.Parser().parse(body.get("schema").asText()));
        assertNull(request.authorization());
    }

    @Test
    void shouldCacheRegistrationsAndLookups() {
        stub.answer(200, "{\"id\":3}");
        HttpSchemaRegistryClient client = client(stub.url());

        assertEquals(3, client.register("s-value", RawReport.getClassSchema()));
        assertEquals(3, client.register("s-value", RawReport.getClassSchema()));
        assertEquals(3, client.getId("s-value", RawReport.getClassSchema()));
        assertEquals(RawReport.getClassSchema(), client.getById(3));

        assertEquals(1, stub.requests().size(), "only the first call goes to the registry");
    }

    @Test
    void shouldLookUpWithoutRegistering() {
        stub.answer(200, "{\"subject\":\"s-value\",\"id\":9,\"version\":2,\"schema\":\"\\\"string\\\"\"}");

        assertEquals(9, client(stub.url()).getId("s-value", Schema.create(Schema.Type.STRING)));

        assertEquals("/subjects/s-value", stub.requests().get(0).path());
        assertEquals("POST", stub.requests().get(0).method());
    }

    @Test
    void shouldFetchByIdOnceAndServeTheSecondCallFromCache() {
        stub.answer(200, schemaAnswer(RawReport.getClassSchema()));
        HttpSchemaRegistryClient client = client(stub.url());

        Schema first = client.getById(5);
        Schema second = client.getById(5);

        assertEquals(RawReport.getClassSchema(), first);
        assertSame(first, second);
        assertEquals(1, stub.requests().size());
        assertEquals("/schemas/ids/5", stub.requests().get(0).path());
        assertEquals("GET", stub.requests().get(0).method());
    }

    @Test
    void shouldRefuseASchemaWithReferencesSayingWhyAndNotRetryIt() {
        stub.answer(200, "{\"schema\": \"{\\\"type\\\": \\\"record\\\", \\\"name\\\": \\\"Outer\\\", "
                + "\\\"fields\\\": [{\\\"name\\\": \\\"inner\\\", \\\"type\\\": \\\"com.example.Inner\\\"}]}\", "
                + "\"references\": [{\"name\": \"com.example.Inner\", \"subject\": \"inner-value\", \"version\": 1}]}");
        HttpSchemaRegistryClient client = client(stub.url());

        SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> client.getById(7));

        assertTrue(e.getMessage().contains("schema reference") && e.getMessage().contains("com.example.Inner"),
                e.getMessage());
        assertFalse(e.retriable(), "the same answer will come again: a record problem, not an outage");
        assertEquals(1, stub.requests().size());
    }

    @Test
    void shouldRetryOn503ThenSucceed() {
        stub.answer(503, "{\"error_code\":50003,\"message\":\"leader not available\"}")
                .answer(503, "")
                .answer(200, schemaAnswer(RawReport.getClassSchema()));

        Schema schema = client(stub.url()).getById(7);

        assertEquals(RawReport.getClassSchema(), schema);
        assertEquals(3, stub.requests().size());
    }

    @Test
    void shouldRetryOn429() {
        stub.answer(429, "{\"error_code\":42901,\"message\":\"slow down\"}").answer(200, "{\"id\":4}");

        assertEquals(4, client(stub.url()).register("s-value", RawReport.getClassSchema()));
        assertEquals(2, stub.requests().size());
    }

    @Test
    void shouldGiveUpAfterMaxRetriesWithStatusAndHint() {
        for (int i = 0; i < 4; i++) {
            stub.answer(500, "{\"error_code\":50001,\"message\":\"store failed\"}");
        }

        SchemaRegistryException e = assertThrows(SchemaRegistryException.class,
                () -> client(stub.url()).getById(1));

        assertEquals(4, stub.requests().size(), "1 attempt + 3 retries");
        assertEquals(500, e.status());
        assertEquals(50001, e.errorCode());
        assertTrue(e.getMessage().contains("store failed"), e.getMessage());
        assertTrue(e.getMessage().contains("gave up after 4 attempts"), e.getMessage());
    }

    @Test
    void shouldNotRetryClientErrors() {
        stub.answer(422, "{\"error_code\":42201,\"message\":\"Invalid schema\"}");

        SchemaRegistryException e = assertThrows(SchemaRegistryException.class,
                () -> client(stub.url()).register("s-value", RawReport.getClassSchema()));

        assertEquals(1, stub.requests().size());
        assertEquals(422, e.status());
        assertFalse(e instanceof UnknownSchemaException);
    }

    @Test
    void shouldExplainIncompatibleSchemaOn409() {
        stub.answer(409, "{\"error_code\":409,\"message\":\"Schema being registered is incompatible\"}");

        SchemaRegistryException e = assertThrows(SchemaRegistryException.class,
                () -> client(stub.url()).register("s-value", RawReport.getClassSchema()));

        assertEquals(409, e.status());
        assertTrue(e.getMessage().contains("incompatible"), e.getMessage());
        assertTrue(e.getMessage().contains("default"), e.getMessage());
    }

    @Test
    void shouldMapSchemaNotFoundToUnknownSchemaException() {
        stub.answer(404, "{\"error_code\":40403,\"message\":\"Schema 99 not found\"}");

        UnknownSchemaException e = assertThrows(UnknownSchemaException.class, () -> client(stub.url()).getById(99));

        assertEquals(40403, e.errorCode());
        assertTrue(e.getMessage().contains("Schema 99 not found"), e.getMessage());
        assertEquals(1, stub.requests().size(), "a 404 is an answer, not a reason to retry");
    }

    @Test
    void shouldMapSubjectNotFoundToUnknownSchemaException() {
        stub.answer(404, "{\"error_code\":40401,\"message\":\"Subject 'x' not found.\"}");

        UnknownSchemaException e = assertThrows(UnknownSchemaException.class,
                () -> client(stub.url()).getId("x", RawReport.getClassSchema()));

        assertEquals(40401, e.errorCode());
    }

    @Test
    void shouldSendBasicAuthFromUrlUserInfo() {
        stub.answer(200, "{\"id\":1}");
        String url = stub.url().replace("http://", "http://svc%40corp:p%3Ass@");

        HttpSchemaRegistryClient client = client(url);
        client.register("s-value", RawReport.getClassSchema());

        String expected = "Basic " + Base64.getEncoder()
                .encodeToString("svc@corp:p:ss".getBytes(StandardCharsets.UTF_8));
        assertEquals(expected, stub.requests().get(0).authorization());
        assertFalse(client.config().url().contains("@"), "credentials are not kept in the URL");
    }

    @Test
    void shouldSendBasicAuthFromExplicitFields() {
        stub.answer(200, "{\"id\":1}");
        HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(
                SchemaRegistryConfig.of(stub.url()).withBasicAuth("alice", "secret"));

        client.register("s-value", RawReport.getClassSchema());

        assertEquals("Basic YWxpY2U6c2VjcmV0", stub.requests().get(0).authorization());
    }

    @Test
    void shouldExplainAuthFailure() {
        stub.answer(401, "{\"error_code\":401,\"message\":\"Unauthorized\"}");

        SchemaRegistryException e = assertThrows(SchemaRegistryException.class,
                () -> client(stub.url()).getById(1));

        assertEquals(401, e.status());
        assertTrue(e.getMessage().contains("basic-auth credentials"), e.getMessage());
        assertEquals(1, stub.requests().size());
    }

    @Test
    void shouldRetryConnectionFailuresAndSayWhatToCheck() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        HttpSchemaRegistryClient client = client("http://127.0.0.1:" + closedPort);

        SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> client.getById(1));

        assertEquals(-1, e.status());
        assertTrue(e.retriable());
        assertTrue(e.getMessage().contains("SCHEMA_REGISTRY_URL"), e.getMessage());
        assertTrue(e.getMessage().contains("gave up after 4 attempts"), e.getMessage());
    }

    @Test
    void shouldReportNonJsonAnswer() {
        stub.answer(200, "<html>proxy login</html>");

        SchemaRegistryException e = assertThrows(SchemaRegistryException.class,
                () -> client(stub.url()).getById(1));

        assertTrue(e.getMessage().contains("not JSON"), e.getMessage());
    }

    @Test
    void shouldGetLatestVersion() {
        ObjectNode latest = JSON.createObjectNode();
        latest.put("subject", "s-value").put("id", 12).put("version", 3)
                .put("schema", RawReport.getClassSchema().toString());
        stub.answer(200, latest.toString());

        RegisteredSchema registered = client(stub.url()).getLatest("s-value");

        assertEquals(new RegisteredSchema("s-value", 12, 3, RawReport.getClassSchema()), registered);
        assertEquals("/subjects/s-value/versions/latest", stub.requests().get(0).path());
    }

    @Test
    void shouldTestCompatibility() {
        stub.answer(200, "{\"is_compatible\":false,\"messages\":[\"READER_FIELD_MISSING_DEFAULT at /fields/3\"]}");

        CompatibilityResult result = client(stub.url()).testCompatibility("s-value", RawReport.getClassSchema());

        assertFalse(result.compatible());
        assertEquals(List.of("READER_FIELD_MISSING_DEFAULT at /fields/3"), result.messages());
        assertEquals("/compatibility/subjects/s-value/versions/latest", stub.requests().get(0).path());
        assertEquals("verbose=true", stub.requests().get(0).query());
    }

    @Test
    void shouldTreatCompatibilityWithUnknownSubjectAsCompatible() {
        stub.answer(404, "{\"error_code\":40401,\"message\":\"Subject 'new-value' not found.\"}");

        assertTrue(client(stub.url()).testCompatibility("new-value", RawReport.getClassSchema()).compatible());
    }

    @Test
    void shouldEncodeSubjectsInPaths() {
        stub.answer(200, "{\"id\":1}");

        client(stub.url()).register("odd subject/é", Schema.create(Schema.Type.STRING));

        assertEquals("/subjects/odd%20subject%2F%C3%A9/versions", stub.requests().get(0).path());
    }

    @Test
    void shouldBoundAWholeCallToTheCallTimeoutWhenTheRegistryHangs() throws Exception {
        // accepts connections but never answers: every attempt would wait its full request timeout
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            SchemaRegistryConfig config = SchemaRegistryConfig.of("http://127.0.0.1:" + silent.getLocalPort())
                    .withRetries(5, Duration.ofMillis(10))
                    .withRequestTimeout(Duration.ofMillis(400))
                    .withCallTimeout(Duration.ofMillis(1000));
            long start = System.nanoTime();

            SchemaRegistryException e = assertThrows(SchemaRegistryException.class,
                    () -> new HttpSchemaRegistryClient(config).getById(7));

            long tookMs = (System.nanoTime() - start) / 1_000_000;
            // 6 attempts x 400 ms would be 2.4 s; the call budget stops it at about 1 s
            assertTrue(tookMs < 2_000, "took " + tookMs + " ms");
            assertTrue(e.getMessage().contains("in at most 1000 ms"), e.getMessage());
        }
    }

    @Test
    void shouldDefaultToAFewSecondsPerCallNotAMinute() {
        SchemaRegistryConfig defaults = SchemaRegistryConfig.of("http://localhost:8081");

        assertTrue(defaults.callTimeout().compareTo(Duration.ofSeconds(10)) <= 0, defaults.toString());
        assertTrue(defaults.requestTimeout().compareTo(defaults.callTimeout()) <= 0, defaults.toString());
    }
}
