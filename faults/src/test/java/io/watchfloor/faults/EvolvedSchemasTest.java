package io.watchfloor.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchfloor.schemas.avro.RawReport;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;

class EvolvedSchemasTest {
    private static final Schema BASE = RawReport.getClassSchema();

    private static SchemaCompatibilityType canRead(Schema reader, Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType();
    }

    @Test
    void theOptionalFieldIsACompatibleChangeBothWays() {
        Schema evolved = EvolvedSchemas.withOptionalField(BASE, "note");
        assertEquals(BASE.getFields().size() + 1, evolved.getFields().size());
        Schema.Field note = evolved.getField("note");
        assertEquals(Schema.Type.UNION, note.schema().getType());
        assertEquals(Schema.Type.NULL, note.schema().getTypes().get(0).getType());
        assertEquals(Schema.Type.STRING, note.schema().getTypes().get(1).getType());
        assertTrue(note.hasDefaultValue());
        for (Schema.Field f : BASE.getFields()) {
            assertEquals(f.schema(), evolved.getField(f.name()).schema(), f.name());
        }
        // the new schema reads old data (BACKWARD, what the registry checks) and old readers read new data
        assertEquals(SchemaCompatibilityType.COMPATIBLE, canRead(evolved, BASE));
        assertEquals(SchemaCompatibilityType.COMPATIBLE, canRead(BASE, evolved));
    }

    @Test
    void theIncompatibleChangesCannotReadTheEvolvedData() {
        Schema evolved = EvolvedSchemas.withOptionalField(BASE, "note");
        Schema typeChanged = EvolvedSchemas.withFieldType(evolved, "id", "long");
        assertEquals(Schema.Type.LONG, typeChanged.getField("id").schema().getType());
        assertEquals(SchemaCompatibilityType.INCOMPATIBLE, canRead(typeChanged, evolved));
        Schema required = EvolvedSchemas.withRequiredField(evolved, "must");
        assertTrue(!required.getField("must").hasDefaultValue());
        assertEquals(SchemaCompatibilityType.INCOMPATIBLE, canRead(required, evolved));
        assertThrows(IllegalArgumentException.class, () -> EvolvedSchemas.withFieldType(evolved, "nope", "long"));
    }

    @Test
    void aReportWrittenWithTheEvolvedSchemaReadsBackWithTheNewFieldAndAsTheOldClass() throws Exception {
        Schema evolved = EvolvedSchemas.withOptionalField(BASE, "note");
        RawReport report = RawRecords.report("r-x", "[t20] title", "some text");
        byte[] wire = EvolvedSchemas.wireFormat(report, evolved, "note", "hello", 4242);
        assertEquals(0, wire[0]);
        assertEquals(4242, ByteBuffer.wrap(wire, 1, 4).getInt());
        assertEquals(4242, EvolvedSchemas.schemaId(wire));
        assertEquals(-1, EvolvedSchemas.schemaId(new byte[] {7, 0, 0, 0, 1}));
        GenericRecord generic = new GenericDatumReader<GenericRecord>(evolved).read(null,
                DecoderFactory.get().binaryDecoder(wire, 5, wire.length - 5, null));
        assertEquals("hello", generic.get("note").toString());
        assertEquals("r-x", generic.get("id").toString());
        // what enrich does: the writer's (new) schema resolved against its own RawReport
        RawReport back = new SpecificDatumReader<RawReport>(evolved, BASE).read(null,
                DecoderFactory.get().binaryDecoder(wire, 5, wire.length - 5, null));
        assertEquals(report, back);
        assertNull(back.getDuplicateOf());
    }

    @Test
    void theRegistrationBodyCarriesTheSchemaAsText() throws Exception {
        Schema evolved = EvolvedSchemas.withOptionalField(BASE, "note");
        String body = EvolvedSchemas.registration(evolved);
        assertEquals(evolved, new Schema.Parser().parse(RawRecords.JSON.readTree(body).path("schema").asText()));
    }
}
