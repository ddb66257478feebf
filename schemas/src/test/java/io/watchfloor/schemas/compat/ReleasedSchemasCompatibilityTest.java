package io.watchfloor.schemas.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fails the build when a schema in src/main/avro can no longer read data written with a released version in
 * src/main/avro-released (BACKWARD compatibility against every release). To release: copy the complete schema
 * to {@code avro-released/<RecordName>/v<N+1>.avsc}.
 */
class ReleasedSchemasCompatibilityTest {
    private static final Path MODULE = Path.of(System.getProperty("basedir", "."));
    private static final String THING_V1 = """
            {"type": "record", "name": "Thing", "namespace": "t", "fields": [
              {"name": "id", "type": "string"},
              {"name": "note", "type": ["null", "string"], "default": null}
            ]}""";

    @Test
    void currentSchemasShouldReadEveryReleasedVersion() {
        Path current = MODULE.resolve("src/main/avro");
        Path released = MODULE.resolve("src/main/avro-released");

        List<String> problems = ReleasedSchemaCheck.check(current, released);

        assertEquals(List.of(), problems, "Incompatible schema change; give new fields a default, keep removed "
                + "fields' readers happy, or publish a new .vN topic:\n" + String.join("\n", problems));
        assertEquals(List.of("AlertDelivery", "AlertDeliveryAttempt", "AlertEvent", "AlertSubscription",
                "EnrichedReport", "RawReport", "SourceHealth"),
                ReleasedSchemaCheck.releasedRecords(released),
                "every record on a topic has its released versions checked");
    }

    @Test
    void shouldCatchANewRequiredFieldWithoutDefault(@TempDir Path dir) throws IOException {
        Path released = release(dir, THING_V1);
        Path current = write(dir.resolve("current"), """
                {"type": "record", "name": "Thing", "namespace": "t", "fields": [
                  {"name": "id", "type": "string"},
                  {"name": "note", "type": ["null", "string"], "default": null},
                  {"name": "severity", "type": "int"}
                ]}""");

        List<String> problems = ReleasedSchemaCheck.check(current, released);

        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("READER_FIELD_MISSING_DEFAULT"), problems.get(0));
        assertTrue(problems.get(0).contains("severity"), problems.get(0));
        assertTrue(problems.get(0).contains("Thing v1.avsc"), problems.get(0));
    }

    @Test
    void shouldCatchAChangedFieldType(@TempDir Path dir) throws IOException {
        Path released = release(dir, THING_V1);
        Path current = write(dir.resolve("current"), """
                {"type": "record", "name": "Thing", "namespace": "t", "fields": [
                  {"name": "id", "type": "long"},
                  {"name": "note", "type": ["null", "string"], "default": null}
                ]}""");

        List<String> problems = ReleasedSchemaCheck.check(current, released);

        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("TYPE_MISMATCH"), problems.get(0));
    }

    @Test
    void shouldCatchARemovedRecord(@TempDir Path dir) throws IOException {
        Path released = release(dir, THING_V1);
        Path current = write(dir.resolve("current"), """
                {"type": "record", "name": "Other", "namespace": "t", "fields": []}""");

        List<String> problems = ReleasedSchemaCheck.check(current, released);

        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith("Thing: released but no longer"), problems.get(0));
    }

    @Test
    void shouldAcceptNewOptionalFieldsAndRemovedFields(@TempDir Path dir) throws IOException {
        Path released = release(dir, THING_V1);
        Path current = write(dir.resolve("current"), """
                {"type": "record", "name": "Thing", "namespace": "t", "fields": [
                  {"name": "id", "type": "string"},
                  {"name": "tags", "type": {"type": "array", "items": "string"}, "default": []}
                ]}""");

        assertEquals(List.of(), ReleasedSchemaCheck.check(current, released));
    }

    @Test
    void shouldCheckAgainstEveryReleasedVersionNotOnlyTheLatest(@TempDir Path dir) throws IOException {
        // v1 wrote id as an int, v2 as a string: the current schema reads v2 data but not v1 data
        Path released = release(dir, """
                {"type": "record", "name": "Thing", "namespace": "t", "fields": [{"name": "id", "type": "int"}]}""");
        Files.writeString(released.resolve("Thing/v2.avsc"), """
                {"type": "record", "name": "Thing", "namespace": "t", "fields": [{"name": "id", "type": "string"}]}""");
        Path current = write(dir.resolve("current"), THING_V1);

        List<String> problems = ReleasedSchemaCheck.check(current, released);

        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("Thing v1.avsc"), problems.get(0));
        assertTrue(problems.get(0).contains("TYPE_MISMATCH"), problems.get(0));
    }

    @Test
    void shouldResolveCrossFileReferencesInCurrentSchemas(@TempDir Path dir) throws IOException {
        Path current = dir.resolve("current");
        Files.createDirectories(current);
        // "a-" sorts first but needs the type defined in "b-"
        Files.writeString(current.resolve("a-outer.avsc"), """
                {"type": "record", "name": "Outer", "namespace": "t",
                 "fields": [{"name": "inner", "type": "t.Inner"}]}""");
        Files.writeString(current.resolve("b-inner.avsc"), """
                {"type": "record", "name": "Inner", "namespace": "t", "fields": [{"name": "x", "type": "int"}]}""");

        assertEquals(List.of("Inner", "Outer"),
                ReleasedSchemaCheck.parseCurrent(current).keySet().stream().sorted().toList());
    }

    private static Path release(Path dir, String v1) throws IOException {
        Path released = dir.resolve("released");
        Files.createDirectories(released.resolve("Thing"));
        Files.writeString(released.resolve("Thing/v1.avsc"), v1);
        return released;
    }

    private static Path write(Path dir, String schema) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("thing.avsc"), schema);
        return dir;
    }
}
