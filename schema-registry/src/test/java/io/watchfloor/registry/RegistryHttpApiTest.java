package io.watchfloor.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchfloor.schemas.Topics;
import io.watchfloor.schemas.avro.RawReport;
import io.watchfloor.schemas.avro.Source;
import io.watchfloor.schemas.registry.CompatibilityResult;
import io.watchfloor.schemas.registry.HttpSchemaRegistryClient;
import io.watchfloor.schemas.registry.SchemaRegistryConfig;
import io.watchfloor.schemas.registry.SchemaRegistryException;
import io.watchfloor.schemas.registry.UnknownSchemaException;
import io.watchfloor.schemas.serde.AvroSerde;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST API over real HTTP, with the log in memory (no Kafka). */
class RegistryHttpApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private InMemoryRegistryLog log;
    private SchemaRegistryServer server;

    @BeforeEach
    void start() {
        log = new InMemoryRegistryLog();
        server = SchemaRegistryServer.start(log, "127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private record Answer(int status, JsonNode json, String body, String contentType) {
    }

    private Answer call(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = response.body().isEmpty() ? null : JSON.readTree(response.body());
        return new Answer(response.statusCode(), json, response.body(),
                response.headers().firstValue("Content-Type").orElse(""));
    }

    private static String schemaBody(String schema) {
        return JSON.createObjectNode().put("schema", schema).toString();
    }

    @Test
    void shouldServeTheRootAndTypes() throws Exception {
        Answer root = call("GET", "/", null);
        assertEquals(200, root.status());
        assertEquals("{}", root.body());
        assertEquals("application/vnd.schemaregistry.v1+json", root.contentType());
        assertEquals("[\"AVRO\"]", call("GET", "/schemas/types", null).body());
    }

    @Test
    void shouldRegisterLookUpAndFetch() throws Exception {
        Answer registered = call("POST", "/subjects/r-value/versions", schemaBody(SchemaRegistryTest.V1));
        assertEquals(200, registered.status());
        assertEquals(1, registered.json().get("id").asInt());

        Answer lookup = call("POST", "/subjects/r-value", schemaBody(SchemaRegistryTest.V1));
        assertEquals("r-value", lookup.json().get("subject").asText());
        assertEquals(1, lookup.json().get("id").asInt());
        assertEquals(1, lookup.json().get("version").asInt());

        Answer byId = call("GET", "/schemas/ids/1", null);
        assertEquals(new Schema.Parser().parse(SchemaRegistryTest.V1),
                new Schema.Parser().parse(byId.json().get("schema").asText()));

        assertEquals("[{\"subject\":\"r-value\",\"version\":1}]", call("GET", "/schemas/ids/1/versions", null).body());
        assertEquals("[\"r-value\"]", call("GET", "/subjects", null).body());
        assertEquals("[1]", call("GET", "/subjects/r-value/versions", null).body());
        Answer latest = call("GET", "/subjects/r-value/versions/latest", null);
        assertEquals(1, latest.json().get("id").asInt());
        Answer raw = call("GET", "/subjects/r-value/versions/1/schema", null);
        assertEquals("record", raw.json().get("type").asText());
        assertEquals("Report", raw.json().get("name").asText());
    }

    @Test
    void shouldAnswerConfluentErrorCodes() throws Exception {
        Answer unknownId = call("GET", "/schemas/ids/77", null);
        assertEquals(404, unknownId.status());
        assertEquals(40403, unknownId.json().get("error_code").asInt());

        Answer unknownSubject = call("GET", "/subjects/nope/versions", null);
        assertEquals(404, unknownSubject.status());
        assertEquals(40401, unknownSubject.json().get("error_code").asInt());

        call("POST", "/subjects/r-value/versions", schemaBody(SchemaRegistryTest.V1));
        Answer unknownVersion = call("GET", "/subjects/r-value/versions/9", null);
        assertEquals(40402, unknownVersion.json().get("error_code").asInt());

        Answer invalid = call("POST", "/subjects/r-value/versions", schemaBody("{\"type\":\"recrod\"}"));
        assertEquals(422, invalid.status());
        assertEquals(42201, invalid.json().get("error_code").asInt());

        Answer incompatible = call("POST", "/subjects/r-value/versions", schemaBody(SchemaRegistryTest.V2_REQUIRED));
        assertEquals(409, incompatible.status());
        assertEquals(409, incompatible.json().get("error_code").asInt());
        assertTrue(incompatible.json().get("message").asText().contains("severity"));

        Answer notJson = call("POST", "/subjects/r-value/versions", "schema=1");
        assertEquals(400, notJson.status());

        Answer protobuf = call("POST", "/subjects/p-value/versions",
                "{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\";\"}");
        assertEquals(422, protobuf.status());
        assertTrue(protobuf.json().get("message").asText().contains("AVRO"));

        assertEquals(404, call("GET", "/nothing/here", null).status());
        assertEquals(405, call("PUT", "/subjects", "{}").status());
    }

    @Test
    void shouldCapRequestBodies() throws Exception {
        String huge = schemaBody("\"" + "x".repeat(RegistryHttpHandler.MAX_BODY_BYTES) + "\"");

        Answer answer = call("POST", "/subjects/big-value/versions", huge);

        assertEquals(413, answer.status());
        assertEquals(0, log.records().size());
    }

    @Test
    void shouldCheckCompatibility() throws Exception {
        Answer fresh = call("POST", "/compatibility/subjects/r-value/versions/latest",
                schemaBody(SchemaRegistryTest.V2_REQUIRED));
        assertTrue(fresh.json().get("is_compatible").asBoolean());

        call("POST", "/subjects/r-value/versions", schemaBody(SchemaRegistryTest.V1));
        Answer bad = call("POST", "/compatibility/subjects/r-value/versions/latest?verbose=true",
                schemaBody(SchemaRegistryTest.V2_REQUIRED));
        assertFalse(bad.json().get("is_compatible").asBoolean());
        assertTrue(bad.json().get("messages").get(0).asText().contains("severity"));

        Answer good = call("POST", "/compatibility/subjects/r-value/versions/1",
                schemaBody(SchemaRegistryTest.V2_OPTIONAL));
        assertTrue(good.json().get("is_compatible").asBoolean());
        assertEquals(0, good.json().get("messages").size());
    }

    @Test
    void shouldReadAndWriteConfigLikeConfluent() throws Exception {
        assertEquals("{\"compatibilityLevel\":\"BACKWARD\"}", call("GET", "/config", null).body());

        Answer put = call("PUT", "/config", "{\"compatibility\":\"full_transitive\"}");
        assertEquals("{\"compatibility\":\"FULL_TRANSITIVE\"}", put.body());
        assertEquals("FULL_TRANSITIVE", call("GET", "/config", null).json().get("compatibilityLevel").asText());

        Answer noSubjectLevel = call("GET", "/config/r-value", null);
        assertEquals(404, noSubjectLevel.status());
        assertEquals(40408, noSubjectLevel.json().get("error_code").asInt());
        assertEquals("FULL_TRANSITIVE", call("GET", "/config/r-value?defaultToGlobal=true", null)
                .json().get("compatibilityLevel").asText());

        assertEquals(200, call("PUT", "/config/r-value", "{\"compatibility\":\"NONE\"}").status());
        assertEquals("NONE", call("GET", "/config/r-value", null).json().get("compatibilityLevel").asText());
        Answer deleted = call("DELETE", "/config/r-value", null);
        assertEquals("NONE", deleted.json().get("compatibilityLevel").asText());
        assertEquals(404, call("GET", "/config/r-value", null).status());

        Answer invalid = call("PUT", "/config", "{\"compatibility\":\"SIDEWAYS\"}");
        assertEquals(422, invalid.status());
        assertEquals(42203, invalid.json().get("error_code").asInt());
    }

    @Test
    void shouldSoftDeleteSubjects() throws Exception {
        call("POST", "/subjects/r-value/versions", schemaBody(SchemaRegistryTest.V1));
        call("POST", "/subjects/r-value/versions", schemaBody(SchemaRegistryTest.V2_OPTIONAL));

        assertEquals("[1,2]", call("DELETE", "/subjects/r-value", null).body());

        assertEquals("[]", call("GET", "/subjects", null).body());
        assertEquals("[\"r-value\"]", call("GET", "/subjects?deleted=true", null).body());
        assertEquals(200, call("GET", "/schemas/ids/2", null).status());
        assertEquals(422, call("DELETE", "/subjects/r-value?permanent=true", null).status());
    }

    @Test
    void shouldDecodeSubjectNamesInPaths() throws Exception {
        Answer registered = call("POST", "/subjects/odd%20subject%2Fx/versions", schemaBody(SchemaRegistryTest.V1));
        assertEquals(200, registered.status());
        assertEquals("[\"odd subject/x\"]", call("GET", "/subjects", null).body());
    }

    @Test
    void shouldWorkWithTheProjectClientAndSerde() {
        HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(SchemaRegistryConfig.of(server.url()));
        AvroSerde<RawReport> serde = AvroSerde.forValues(RawReport.class, client);
        RawReport report = RawReport.newBuilder().setId("r-1")
                .setSource(Source.newBuilder().setKind("demo").setName("demo").build())
                .setText("ISKP claimed the attack").setContentType("text/plain")
                .setIngestedAt(Instant.parse("2026-11-26T18:00:00Z")).setContentHash("00").build();

        byte[] bytes = serde.serialize(Topics.REPORTS_RAW, report);
        RawReport back = AvroSerde.forValues(RawReport.class,
                new HttpSchemaRegistryClient(SchemaRegistryConfig.of(server.url())))
                .deserialize(Topics.REPORTS_RAW, bytes);

        assertEquals(report, back);
        assertEquals(1, client.getLatest(Topics.REPORTS_RAW + "-value").version());
        CompatibilityResult ok = client.testCompatibility(Topics.REPORTS_RAW + "-value", RawReport.getClassSchema());
        assertTrue(ok.compatible());
        assertThrows(UnknownSchemaException.class, () -> client.getById(404));
        SchemaRegistryException incompatible = assertThrows(SchemaRegistryException.class,
                () -> client.register(Topics.REPORTS_RAW + "-value",
                        new Schema.Parser().parse(SchemaRegistryTest.V2_REQUIRED)));
        assertEquals(409, incompatible.status());
    }
}
