package io.watchfloor.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watchfloor.schemas.avro.RawReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Test 20's schema changes, as plain Java on the schema JSON: a compatible one (a new optional string field,
 * default null) and incompatible ones (a field's type changed, a new field without a default), and raw reports
 * written with the evolved schema in the registry's wire format.
 */
final class EvolvedSchemas {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EvolvedSchemas() {
    }

    /** {@code base} with a new last field {@code name}: {@code ["null","string"]}, default null. */
    static Schema withOptionalField(Schema base, String name) {
        ObjectNode field = JSON.createObjectNode();
        field.put("name", name);
        field.set("type", JSON.createArrayNode().add("null").add("string"));
        field.putNull("default");
        field.put("doc", "Added by the fault suite's test 20 (a compatible change).");
        return withFields(base, fields -> fields.add(field));
    }

    /** {@code base} with a new last field {@code name} of type string and no default (not readable from old data). */
    static Schema withRequiredField(Schema base, String name) {
        ObjectNode field = JSON.createObjectNode();
        field.put("name", name);
        field.put("type", "string");
        return withFields(base, fields -> fields.add(field));
    }

    /** {@code base} with the type of field {@code name} replaced by {@code type} (e.g. {@code "long"}). */
    static Schema withFieldType(Schema base, String name, String type) {
        return withFields(base, fields -> {
            boolean found = false;
            for (JsonNode f : fields) {
                if (name.equals(f.path("name").asText())) {
                    ((ObjectNode) f).put("type", type);
                    ((ObjectNode) f).remove("default");
                    found = true;
                }
            }
            if (!found) {
                throw new IllegalArgumentException("no field " + name + " in " + base.getFullName());
            }
        });
    }

    private static Schema withFields(Schema base, java.util.function.Consumer<ArrayNode> change) {
        try {
            ObjectNode tree = (ObjectNode) JSON.readTree(base.toString());
            change.accept((ArrayNode) tree.get("fields"));
            return new Schema.Parser().parse(JSON.writeValueAsString(tree));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The body of {@code POST /subjects/{s}/versions} for {@code schema}. */
    static String registration(Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString()).toString();
    }

    /**
     * {@code report} written with {@code evolved} (its fields, plus {@code field} = {@code value}) in the wire
     * format: magic byte 0, {@code schemaId} big-endian, Avro binary.
     */
    static byte[] wireFormat(RawReport report, Schema evolved, String field, String value, int schemaId) {
        try {
            // the report as its own schema writes it, read back as a generic record of the evolved schema
            ByteArrayOutputStream v1 = new ByteArrayOutputStream();
            BinaryEncoder e1 = EncoderFactory.get().directBinaryEncoder(v1, null);
            new SpecificDatumWriter<RawReport>(RawReport.getClassSchema()).write(report, e1);
            e1.flush();
            GenericRecord record = new GenericDatumReader<GenericRecord>(RawReport.getClassSchema(), evolved)
                    .read(null, DecoderFactory.get().binaryDecoder(v1.toByteArray(), null));
            record.put(field, value);
            if (!GenericData.get().validate(evolved, record)) {
                throw new IllegalStateException("not a valid " + evolved.getFullName() + ": " + record);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(0);
            out.write(ByteBuffer.allocate(4).putInt(schemaId).array());
            BinaryEncoder e2 = EncoderFactory.get().directBinaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(evolved).write(record, e2);
            e2.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The schema id of a wire-format value, or -1. */
    static int schemaId(byte[] value) {
        return value == null || value.length < 5 || value[0] != 0 ? -1 : ByteBuffer.wrap(value, 1, 4).getInt();
    }
}
