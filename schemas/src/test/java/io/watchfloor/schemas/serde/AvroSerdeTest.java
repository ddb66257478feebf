package io.watchfloor.schemas.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchfloor.schemas.Samples;
import io.watchfloor.schemas.Topics;
import io.watchfloor.schemas.avro.EnrichedReport;
import io.watchfloor.schemas.avro.RawReport;
import io.watchfloor.schemas.avro.Source;
import io.watchfloor.schemas.registry.InMemorySchemaRegistryClient;
import io.watchfloor.schemas.registry.SchemaRegistryClient;
import io.watchfloor.schemas.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {
    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

    @Test
    void shouldRoundTripRawReport() {
        AvroSerde<RawReport> serde = AvroSerde.forValues(RawReport.class, registry);
        RawReport report = Samples.rawReport();

        RawReport back = serde.deserialize(Topics.REPORTS_RAW, serde.serialize(Topics.REPORTS_RAW, report));

        assertEquals(report, back);
        assertEquals("ISKP claimed the attack. Unicode: Khorasan — خراسان.", back.getText());
        assertEquals(report.getPublishedAt(), back.getPublishedAt());
    }

    @Test
    void shouldRoundTripEnrichedReport() {
        AvroSerde<EnrichedReport> serde = AvroSerde.forValues(EnrichedReport.class, registry);
        EnrichedReport report = Samples.enrichedReport();

        EnrichedReport back = serde.deserialize(Topics.REPORTS_ENRICHED,
                serde.serialize(Topics.REPORTS_ENRICHED, report));

        assertEquals(report, back);
        assertEquals("iskp", back.getGroups().get(0).getId());
        assertEquals("ISKP", back.getGroups().get(0).getEvidence().get(0).getText());
    }

    @Test
    void shouldRegisterUnderTopicNameStrategySubject() {
        AvroSerde<RawReport> serde = AvroSerde.forValues(RawReport.class, registry);
        byte[] bytes = serde.serialize(Topics.REPORTS_RAW, Samples.rawReport());

        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        assertEquals(id, registry.getId("threat.reports.raw.v1-value", serde.registeredSchema()));
    }

    @Test
    void shouldWriteExactlyTheConfluentWireFormat() throws IOException {
        int id = 0x01020304; // distinct bytes prove the id is big-endian
        AvroSerde<RawReport> serde = AvroSerde.forValues(RawReport.class, new FixedIdRegistry(id));
        RawReport report = Samples.rawReport();

        byte[] bytes = serde.serialize(Topics.REPORTS_RAW, report);

        // What Confluent's KafkaAvroSerializer writes for a SpecificRecord: 0, the id big-endian, then
        // SpecificDatumWriter output through a BinaryEncoder.
        ByteArrayOutputStream avro = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(avro, null);
        new SpecificDatumWriter<RawReport>(RawReport.getClassSchema()).write(report, encoder);
        encoder.flush();
        byte[] body = avro.toByteArray();

        assertEquals(0, bytes[0]);
        assertArrayEquals(new byte[] {1, 2, 3, 4}, Arrays.copyOfRange(bytes, 1, 5));
        assertEquals(5 + body.length, bytes.length);
        assertArrayEquals(body, Arrays.copyOfRange(bytes, 5, bytes.length));
        // the first Avro field is the id string: its zig-zag varint length (6 -> 12), then the UTF-8 bytes
        assertEquals(12, bytes[5]);
        assertEquals("r-0001", new String(bytes, 6, 6, StandardCharsets.UTF_8));
    }

    @Test
    void shouldReadRecordsWrittenByAConfluentStyleWriter() throws IOException {
        int id = registry.register("threat.reports.raw.v1-value", RawReport.getClassSchema());
        RawReport report = Samples.rawReport();
        byte[] bytes = wire(id, RawReport.getClassSchema(), report);

        RawReport back = AvroSerde.forValues(RawReport.class, registry).deserialize(Topics.REPORTS_RAW, bytes);

        assertEquals(report, back);
    }

    @Test
    void shouldRejectUnknownSchemaIdWithSerializationException() throws IOException {
        byte[] bytes = wire(4242, RawReport.getClassSchema(), Samples.rawReport());
        AvroSerde<RawReport> serde = AvroSerde.forValues(RawReport.class, registry);

        SerializationException e = assertThrows(SerializationException.class,
                () -> serde.deserialize(Topics.REPORTS_RAW, bytes));

        assertTrue(e.getMessage().contains("schema id 4242"), e.getMessage());
    }

    @Test
    void shouldRejectBadMagicByte() {
        AvroSerde<RawReport> serde = AvroSerde.forValues(RawReport.class, registry);
        byte[] bytes = serde.serialize(Topics.REPORTS_RAW, Samples.rawReport());
        bytes[0] = 1;

        SerializationException e = assertThrows(SerializationException.class,
                () -> serde.deserialize(Topics.REPORTS_RAW, bytes));

        assertTrue(e.getMessage().contains("magic byte 1"), e.getMessage());
    }

    @Test
    void shouldRejectPlainJsonPayload() {
        AvroSerde<RawReport> serde = AvroSerde.forValues(RawReport.class, registry);
        byte[] json = "{\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8);

        SerializationException e = assertThrows(SerializationException.class,
                () -> serde.deserialize(Topics.REPORTS_RAW, json));

        assertTrue(e.getMessage().contains("magic byte"), e.getMessage());
    }

    @Test
    void shouldRejectTruncatedRecord() {
        AvroSerde<RawReport> serde = AvroSerde.forValues(RawReport.class, registry);
        byte[] bytes = serde.serialize(Topics.REPORTS_RAW, Samples.rawReport());
        byte[] truncated = Arrays.copyOf(bytes, bytes.length / 2);

        SerializationException e = assertThrows(SerializationException.class,
                () -> serde.deserialize(Topics.REPORTS_RAW, truncated));

        assertTrue(e.getMessage().contains("truncated or corrupt"), e.getMessage());
    }

    @Test
    void shouldRejectRecordShorterThanTheHeader() {
        AvroSerde<RawReport> serde = AvroSerde.forValues(RawReport.class, registry);

        SerializationException e = assertThrows(SerializationException.class,
                () -> serde.deserialize(Topics.REPORTS_RAW, new byte[] {0, 0, 1}));

        assertTrue(e.getMessage().contains("too short"), e.getMessage());
    }

    @Test
    void shouldLetRegistryOutagesPropagateInsteadOfBlamingTheRecord() throws IOException {
        SchemaRegistryClient down = new FixedIdRegistry(7) {
            @Override
            public Schema getById(int id) {
                throw new SchemaRegistryException("registry unreachable", -1, null);
            }
        };
        byte[] bytes = wire(7, RawReport.getClassSchema(), Samples.rawReport());

        SchemaRegistryException e = assertThrows(SchemaRegistryException.class,
                () -> AvroSerde.forValues(RawReport.class, down).deserialize(Topics.REPORTS_RAW, bytes));

        assertTrue(e.retriable());
    }

    @Test
    void shouldReadRecordWrittenWithOlderWriterSchema() throws IOException {
        // v1 of RawReport as an older producer had it: without the optional duplicateOf and attributes fields
        Schema v1 = SchemaBuilder.record("RawReport").namespace("io.watchfloor.schemas.avro").fields()
                .requiredString("id")
                .name("source").type(SchemaBuilder.record("Source").fields()
                        .requiredString("kind").requiredString("name").optionalString("url")
                        .optionalString("itemId").endRecord()).noDefault()
                .optionalString("canonicalUrl")
                .optionalString("title")
                .requiredString("text")
                .requiredString("contentType")
                .optionalString("language")
                .name("ingestedAt").type().longType().noDefault()
                .requiredString("contentHash")
                .endRecord();
        int id = registry.register("threat.reports.raw.v1-value", v1);
        GenericRecord source = new GenericData.Record(v1.getField("source").schema());
        source.put("kind", "rss");
        source.put("name", "Old Feed");
        GenericRecord old = new GenericData.Record(v1);
        old.put("id", "r-old");
        old.put("source", source);
        old.put("title", "Old title");
        old.put("text", "Written before duplicateOf existed");
        old.put("contentType", "text/plain");
        old.put("ingestedAt", 1_700_000_000_000L);
        old.put("contentHash", "00");

        RawReport back = AvroSerde.forValues(RawReport.class, registry)
                .deserialize(Topics.REPORTS_RAW, wire(id, v1, old));

        assertEquals("r-old", back.getId());
        assertEquals(1, back.getRevision(), "missing revision takes its default");
        assertEquals("Old Feed", back.getSource().getName());
        assertEquals("Written before duplicateOf existed", back.getText());
        assertEquals(1_700_000_000_000L, back.getIngestedAt().toEpochMilli());
        assertNull(back.getDuplicateOf());
        assertNull(back.getPublishedAt());
        assertEquals(Map.of(), back.getAttributes());
    }

    @Test
    void shouldReadRecordWrittenWithNewerWriterSchema() throws IOException {
        // a producer already on v2 (one more optional field) while this consumer still runs v1
        String v1 = RawReport.getClassSchema().toString();
        int end = v1.lastIndexOf(']');
        Schema v2 = new Schema.Parser().parse(v1.substring(0, end)
                + ",{\"name\":\"region\",\"type\":[\"null\",\"string\"],\"default\":null}" + v1.substring(end));
        int id = registry.register("threat.reports.raw.v1-value", v2);
        RawReport report = Samples.rawReport();
        GenericRecord newer = new GenericData.Record(v2);
        for (Schema.Field field : RawReport.getClassSchema().getFields()) {
            newer.put(field.name(), toGeneric(report.get(field.pos()), v2.getField(field.name()).schema()));
        }
        newer.put("region", "south-asia");

        RawReport back = AvroSerde.forValues(RawReport.class, registry)
                .deserialize(Topics.REPORTS_RAW, wire(id, v2, newer));

        assertEquals(report, back, "the unknown field is skipped, every known field is kept");
    }

    @Test
    void shouldReturnNullForNullPayloads() {
        AvroSerde<RawReport> serde = AvroSerde.forValues(RawReport.class, registry);
        assertNull(serde.serialize(Topics.REPORTS_RAW, null));
        assertNull(serde.deserialize(Topics.REPORTS_RAW, null));
    }

    @Test
    void shouldRegisterAndLookUpTheSchemaExactlyAsTheAvscFileSaysIt() throws IOException {
        // a schema registered by hand (or by CI) from the .avsc is the one the serde looks up
        Schema fromFile = new Schema.Parser().parse(java.nio.file.Path.of("src/main/avro/raw-report.avsc").toFile());
        int id = registry.register("threat.reports.raw.v1-value", fromFile);
        AvroSerde<RawReport> lookupOnly = new AvroSerde<>(RawReport.class, registry, false, false);

        byte[] bytes = lookupOnly.serialize(Topics.REPORTS_RAW, Samples.rawReport());

        assertEquals(id, ByteBuffer.wrap(bytes, 1, 4).getInt());
        assertEquals(fromFile, lookupOnly.registeredSchema());
        assertTrue(RawReport.getClassSchema().toString().contains("avro.java.string"),
                "the generated class carries the Java-only property this test is about");
        assertTrue(!lookupOnly.registeredSchema().toString().contains("avro.java.string"));
        assertEquals(Samples.rawReport(), lookupOnly.deserialize(Topics.REPORTS_RAW, bytes));
    }

    @Test
    void shouldRejectARecordWhoseWriterSchemaCannotBeResolvedAsARecordProblemNotAnOutage() throws IOException {
        // the writer schema exists, but declares a field as a long where the reader expects a string record
        Schema alien = SchemaBuilder.record("RawReport").namespace("io.watchfloor.schemas.avro").fields()
                .requiredLong("id").endRecord();
        int id = registry.register("threat.reports.raw.v1-value", alien);
        GenericRecord record = new GenericData.Record(alien);
        record.put("id", 42L);
        byte[] bytes = wire(id, alien, record);

        SerializationException e = assertThrows(SerializationException.class,
                () -> AvroSerde.forValues(RawReport.class, registry).deserialize(Topics.REPORTS_RAW, bytes));

        assertTrue(e.getMessage().contains("schema id " + id), e.getMessage());
    }

    @Test
    void shouldTurnANonRetriableRegistryAnswerIntoARecordProblem() {
        SchemaRegistryClient referencing = new SchemaRegistryClient() {
            @Override
            public int register(String subject, Schema schema) {
                return registry.register(subject, schema);
            }

            @Override
            public int getId(String subject, Schema schema) {
                return registry.getId(subject, schema);
            }

            @Override
            public Schema getById(int id) {
                throw new SchemaRegistryException("The registry holds schema id " + id + " with 1 schema"
                        + " reference(s)", 200, -1, null);
            }
        };
        byte[] bytes = {0, 0, 0, 0, 9, 1, 2};

        SerializationException e = assertThrows(SerializationException.class,
                () -> AvroSerde.forValues(RawReport.class, referencing).deserialize(Topics.REPORTS_RAW, bytes));

        assertTrue(e.getMessage().contains("cannot be used") && e.getMessage().contains("reference"),
                e.getMessage());
    }

    private static byte[] wire(int id, Schema writerSchema, Object record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        if (record instanceof GenericRecord generic && !(record instanceof SpecificRecord)) {
            new GenericDatumWriter<GenericRecord>(writerSchema).write(generic, encoder);
        } else {
            new SpecificDatumWriter<Object>(writerSchema).write(record, encoder);
        }
        encoder.flush();
        return out.toByteArray();
    }

    private static Object toGeneric(Object value, Schema schema) {
        if (value instanceof Instant instant) {
            return instant.toEpochMilli();
        }
        if (value instanceof Source source) {
            Schema recordSchema = schema.getType() == Schema.Type.RECORD ? schema : schema.getTypes().get(1);
            GenericRecord generic = new GenericData.Record(recordSchema);
            for (Schema.Field field : recordSchema.getFields()) {
                generic.put(field.name(), source.get(field.name()));
            }
            return generic;
        }
        return value;
    }

    /** A registry that hands out one fixed id, to check the id's byte order. */
    private static class FixedIdRegistry implements SchemaRegistryClient {
        private final int id;

        FixedIdRegistry(int id) {
            this.id = id;
        }

        @Override
        public int register(String subject, Schema schema) {
            return id;
        }

        @Override
        public int getId(String subject, Schema schema) {
            return id;
        }

        @Override
        public Schema getById(int id) {
            return RawReport.getClassSchema();
        }
    }
}
