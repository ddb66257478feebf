package io.watchfloor.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchfloor.schemas.registry.CompatibilityLevel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SchemaRegistryTest {
    static final String V1 = """
            {"type":"record","name":"Report","namespace":"t","fields":[{"name":"id","type":"string"}]}""";
    static final String V2_OPTIONAL = """
            {"type":"record","name":"Report","namespace":"t","fields":[{"name":"id","type":"string"},
             {"name":"lang","type":["null","string"],"default":null}]}""";
    static final String V2_REQUIRED = """
            {"type":"record","name":"Report","namespace":"t","fields":[{"name":"id","type":"string"},
             {"name":"severity","type":"int"}]}""";

    private final InMemoryRegistryLog log = new InMemoryRegistryLog();
    private final SchemaRegistry registry = new SchemaRegistry(log);

    @Test
    void shouldRegisterIdempotentlyIgnoringWhitespace() {
        SchemaRegistry.Registered first = registry.register("r-value", V1);
        SchemaRegistry.Registered again = registry.register("r-value", "  " + V1.replace(",", " , ") + "\n");

        assertEquals(new SchemaRegistry.Registered(1, 1, true), first);
        assertEquals(new SchemaRegistry.Registered(1, 1, false), again);
        assertEquals(1, log.records().size(), "a repeated registration writes nothing");
    }

    @Test
    void shouldShareIdsAcrossSubjectsForTheSameSchema() {
        int a = registry.register("a-value", V1).id();
        int b = registry.register("b-value", V1).id();
        int other = registry.register("b-value", V2_OPTIONAL).id();

        assertEquals(a, b);
        assertEquals(2, other);
        assertEquals(List.of("a-value", "b-value"), registry.subjects(false));
        assertEquals(List.of(1, 2), registry.versions("b-value", false));
        assertEquals(List.of("a-value", "b-value"),
                registry.usesOf(a).stream().map(SubjectVersion::subject).toList());
    }

    @Test
    void shouldRefuseIncompatibleSchemaUnderDefaultBackward() {
        registry.register("r-value", V1);

        RegistryException e = assertThrows(RegistryException.class, () -> registry.register("r-value", V2_REQUIRED));

        assertEquals(409, e.status());
        assertEquals(409, e.errorCode());
        assertTrue(e.getMessage().contains("severity"), e.getMessage());
        assertTrue(e.getMessage().contains("BACKWARD"), e.getMessage());
        assertEquals(List.of(1), registry.versions("r-value", false));
    }

    @Test
    void shouldAcceptCompatibleEvolution() {
        registry.register("r-value", V1);

        SchemaRegistry.Registered v2 = registry.register("r-value", V2_OPTIONAL);

        assertEquals(2, v2.version());
        assertEquals(2, v2.id());
        assertEquals(2, registry.version("r-value", "latest").version());
        assertEquals(1, registry.version("r-value", "1").id());
    }

    @Test
    void shouldHonourSubjectLevelOverGlobal() {
        registry.register("r-value", V1);
        registry.setSubjectLevel("r-value", CompatibilityLevel.NONE);

        assertEquals(2, registry.register("r-value", V2_REQUIRED).version());
        assertEquals(CompatibilityLevel.BACKWARD, registry.globalLevel());
        assertEquals(CompatibilityLevel.NONE, registry.deleteSubjectLevel("r-value"));
        assertEquals(Optional.empty(), registry.subjectLevel("r-value"));
    }

    @Test
    void shouldApplyForwardLevelFromGlobalConfig() {
        registry.setGlobalLevel(CompatibilityLevel.FORWARD);
        registry.register("r-value", V2_OPTIONAL);

        // dropping the optional field is forward compatible; changing id's type is not
        registry.register("r-value", V1);
        assertThrows(RegistryException.class, () -> registry.register("r-value", """
                {"type":"record","name":"Report","namespace":"t","fields":[{"name":"id","type":"int"}]}"""));
    }

    @Test
    void shouldRebuildStateFromTheLog() {
        registry.register("r-value", V1);
        registry.register("r-value", V2_OPTIONAL);
        registry.register("other-value", V2_OPTIONAL);
        registry.setGlobalLevel(CompatibilityLevel.FULL);
        registry.setSubjectLevel("other-value", CompatibilityLevel.NONE);
        registry.deleteSubject("other-value");

        SchemaRegistry restarted = new SchemaRegistry(log.reopen());

        assertEquals(List.of("r-value"), restarted.subjects(false));
        assertEquals(List.of("other-value", "r-value"), restarted.subjects(true));
        assertEquals(2, restarted.lookup("r-value", V2_OPTIONAL).id());
        assertEquals(CompatibilityLevel.FULL, restarted.globalLevel());
        assertEquals(Optional.of(CompatibilityLevel.NONE), restarted.subjectLevel("other-value"));
        assertEquals(SchemaRegistry.canonical(V1), restarted.schemaById(1));
        assertEquals(3, restarted.register("r-value", """
                {"type":"record","name":"Report","namespace":"t","fields":[{"name":"id","type":"string"},
                 {"name":"lang","type":["null","string"],"default":null},
                 {"name":"n","type":"int","default":0}]}""").id(), "ids continue after the highest one");
    }

    @Test
    void shouldSoftDeleteAndKeepIdsResolvable() {
        registry.register("r-value", V1);

        assertEquals(List.of(1), registry.deleteSubject("r-value"));

        assertEquals(List.of(), registry.subjects(false));
        assertEquals(SchemaRegistry.canonical(V1), registry.schemaById(1), "old records stay decodable");
        assertEquals(40401, assertThrows(RegistryException.class,
                () -> registry.versions("r-value", false)).errorCode());
        // registering again after a delete starts a new version with the same id
        SchemaRegistry.Registered again = registry.register("r-value", V1);
        assertEquals(1, again.id());
        assertEquals(2, again.version());
    }

    @Test
    void shouldSoftDeleteOneVersion() {
        registry.register("r-value", V1);
        registry.register("r-value", V2_OPTIONAL);

        assertEquals(2, registry.deleteVersion("r-value", "latest"));

        assertEquals(List.of(1), registry.versions("r-value", false));
        assertEquals(List.of(1, 2), registry.versions("r-value", true));
    }

    @Test
    void shouldReportLookupErrorsWithConfluentCodes() {
        assertEquals(40401, assertThrows(RegistryException.class, () -> registry.lookup("nope", V1)).errorCode());
        registry.register("r-value", V1);
        assertEquals(40403, assertThrows(RegistryException.class,
                () -> registry.lookup("r-value", V2_OPTIONAL)).errorCode());
        assertEquals(40402, assertThrows(RegistryException.class,
                () -> registry.version("r-value", "7")).errorCode());
        assertEquals(42202, assertThrows(RegistryException.class,
                () -> registry.version("r-value", "zero")).errorCode());
        assertEquals(40403, assertThrows(RegistryException.class, () -> registry.schemaById(99)).errorCode());
    }

    @Test
    void shouldRejectInvalidSchemas() {
        RegistryException notJson = assertThrows(RegistryException.class, () -> registry.register("r", "{nope"));
        RegistryException badDefault = assertThrows(RegistryException.class, () -> registry.register("r", """
                {"type":"record","name":"R","fields":[{"name":"n","type":"int","default":"x"}]}"""));
        RegistryException unknownType = assertThrows(RegistryException.class, () -> registry.register("r", """
                {"type":"record","name":"R","fields":[{"name":"n","type":"Missing"}]}"""));

        for (RegistryException e : List.of(notJson, badDefault, unknownType)) {
            assertEquals(422, e.status());
            assertEquals(42201, e.errorCode());
        }
        assertEquals(0, log.records().size());
    }

    @Test
    void shouldRejectInvalidSubjects() {
        assertEquals(42208, assertThrows(RegistryException.class,
                () -> registry.register("bad\nsubject", V1)).errorCode());
        assertEquals(42208, assertThrows(RegistryException.class,
                () -> registry.register("x".repeat(256), V1)).errorCode());
    }

    @Test
    void shouldAnswerCompatibilityQuestions() {
        assertEquals(List.of(), registry.compatibilityProblems("fresh", "latest", V2_REQUIRED),
                "a subject without versions accepts anything");
        registry.register("r-value", V1);

        assertEquals(List.of(), registry.compatibilityProblems("r-value", "latest", V2_OPTIONAL));
        List<String> problems = registry.compatibilityProblems("r-value", "1", V2_REQUIRED);
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("READER_FIELD_MISSING_DEFAULT_VALUE"), problems.get(0));
        assertEquals(40402, assertThrows(RegistryException.class,
                () -> registry.compatibilityProblems("r-value", "5", V1)).errorCode());
    }

    @Test
    void shouldNotChangeStateWhenTheLogRefusesAWrite() {
        registry.register("r-value", V1);
        log.failNextAppends(1);

        RegistryException e = assertThrows(RegistryException.class, () -> registry.register("r-value", V2_OPTIONAL));

        assertEquals(500, e.status());
        assertEquals(50001, e.errorCode());
        assertTrue(e.getMessage().contains("Kafka"), e.getMessage());
        assertEquals(List.of(1), registry.versions("r-value", false));
        assertEquals(2, registry.register("r-value", V2_OPTIONAL).version(), "works again once the log does");
    }

    @Test
    void shouldGiveOneIdToConcurrentRegistrationsOfTheSameSchema() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<SchemaRegistry.Registered>> results = new ArrayList<>();
            for (int i = 0; i < threads * 4; i++) {
                String subject = "s" + (i % 4) + "-value";
                results.add(pool.submit(() -> registry.register(subject, V1)));
            }
            Set<Integer> ids = new HashSet<>();
            for (Future<SchemaRegistry.Registered> result : results) {
                ids.add(result.get(30, TimeUnit.SECONDS).id());
            }
            assertEquals(Set.of(1), ids);
            assertEquals(4, log.records().size(), "one version per subject, no duplicates");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldRefuseWritesWhileTheLogCannotBeRead() {
        registry.register("r-value", V1);
        log.failNextReads(1);

        RegistryException e = assertThrows(RegistryException.class, () -> registry.register("r-value", V2_OPTIONAL));

        assertEquals(500, e.status());
        assertTrue(e.getMessage().contains("Could not read the registry log"), e.getMessage());
        assertEquals(1, log.records().size(), "nothing was written without catching up first");
        assertEquals(1, registry.lookup("r-value", V1).id(), "reads still work from memory");
    }

    @Test
    void shouldPickUpRecordsWrittenByAnotherWriterBeforeWriting() {
        registry.register("r-value", V1);
        // another registry instance over the same log appends id 2
        InMemoryRegistryLog shared = log;
        shared.append(RegistryState.schemaKey("x-value", 1), RegistryState.schemaValue(
                new SubjectVersion("x-value", 1, 2, SchemaRegistry.canonical(V2_REQUIRED), false)));

        SchemaRegistry.Registered next = registry.register("r-value", V2_OPTIONAL);

        assertEquals(3, next.id(), "id 2 is taken by the other writer");
        assertFalse(registry.subjects(false).isEmpty());
        assertEquals(List.of("r-value", "x-value"), registry.subjects(false));
    }
}
