package io.watchfloor.schemas.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class AvroCompatibilityTest {
    private static final Schema V1 = parse("""
            {"type":"record","name":"R","fields":[{"name":"id","type":"string"}]}""");
    private static final Schema WITH_OPTIONAL = parse("""
            {"type":"record","name":"R","fields":[{"name":"id","type":"string"},
             {"name":"note","type":["null","string"],"default":null}]}""");
    private static final Schema WITH_REQUIRED = parse("""
            {"type":"record","name":"R","fields":[{"name":"id","type":"string"},{"name":"n","type":"int"}]}""");
    private static final Schema WITHOUT_ID = parse("""
            {"type":"record","name":"R","fields":[{"name":"note","type":["null","string"],"default":null}]}""");

    private static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }

    @Test
    void newOptionalFieldIsFullyCompatible() {
        for (CompatibilityLevel level : CompatibilityLevel.values()) {
            assertEquals(List.of(), AvroCompatibility.check(level, WITH_OPTIONAL, List.of(V1)), level.name());
        }
    }

    @Test
    void newRequiredFieldBreaksBackwardButNotForward() {
        List<String> backward = AvroCompatibility.check(CompatibilityLevel.BACKWARD, WITH_REQUIRED, List.of(V1));
        assertEquals(1, backward.size());
        assertTrue(backward.get(0).contains("READER_FIELD_MISSING_DEFAULT_VALUE"), backward.get(0));
        assertEquals(List.of(), AvroCompatibility.check(CompatibilityLevel.FORWARD, WITH_REQUIRED, List.of(V1)));
        assertEquals(1, AvroCompatibility.check(CompatibilityLevel.FULL, WITH_REQUIRED, List.of(V1)).size());
        assertEquals(List.of(), AvroCompatibility.check(CompatibilityLevel.NONE, WITH_REQUIRED, List.of(V1)));
    }

    @Test
    void removingARequiredFieldBreaksForward() {
        List<String> forward = AvroCompatibility.check(CompatibilityLevel.FORWARD, WITHOUT_ID, List.of(V1));
        assertEquals(1, forward.size());
        assertTrue(forward.get(0).startsWith("the latest version cannot read"), forward.get(0));
        assertEquals(List.of(), AvroCompatibility.check(CompatibilityLevel.BACKWARD, WITHOUT_ID, List.of(V1)));
    }

    @Test
    void transitiveLevelsCheckEveryEarlierVersion() {
        // V1 had id as a string, v2 dropped it; bringing id back as an int reads v2 data but not V1 data
        List<Schema> history = List.of(V1, WITHOUT_ID);
        Schema candidate = parse("""
                {"type":"record","name":"R","fields":[{"name":"note","type":["null","string"],"default":null},
                 {"name":"id","type":"int","default":0}]}""");

        assertEquals(List.of(), AvroCompatibility.check(CompatibilityLevel.BACKWARD, candidate, history));
        List<String> transitive = AvroCompatibility.check(CompatibilityLevel.BACKWARD_TRANSITIVE, candidate, history);
        assertEquals(1, transitive.size(), transitive.toString());
        assertTrue(transitive.get(0).contains("version #1 of 2"), transitive.get(0));
        assertTrue(transitive.get(0).contains("TYPE_MISMATCH"), transitive.get(0));
    }

    @Test
    void firstVersionIsAlwaysCompatible() {
        assertEquals(List.of(), AvroCompatibility.check(CompatibilityLevel.FULL_TRANSITIVE, V1, List.of()));
    }

    @Test
    void parsesLevelNamesAndExplainsBadOnes() {
        assertEquals(CompatibilityLevel.FULL_TRANSITIVE, CompatibilityLevel.parse("full_transitive"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CompatibilityLevel.parse("SIDEWAYS"));
        assertTrue(e.getMessage().contains("BACKWARD_TRANSITIVE"), e.getMessage());
    }
}
