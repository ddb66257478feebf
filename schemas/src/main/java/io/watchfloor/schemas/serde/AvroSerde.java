package io.watchfloor.schemas.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watchfloor.schemas.registry.SchemaRegistryClient;
import io.watchfloor.schemas.registry.SchemaRegistryClients;
import io.watchfloor.schemas.registry.SchemaRegistryConfig;
import io.watchfloor.schemas.registry.SchemaRegistryException;
import io.watchfloor.schemas.registry.UnknownSchemaException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro serde in the Confluent wire format: magic byte 0, 4-byte big-endian schema id, Avro binary.
 * Subjects follow the TopicNameStrategy ({@code <topic>-value} / {@code <topic>-key}), so the bytes
 * and subjects are interchangeable with Confluent's KafkaAvroSerializer/Deserializer. Undecodable records
 * (bad magic byte, unknown schema id, truncated) throw {@link SerializationException}; a registry that cannot
 * be reached throws {@link io.watchfloor.schemas.registry.SchemaRegistryException} instead.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {
    public static final byte MAGIC_BYTE = 0;

    static {
        io.watchfloor.schemas.AvroTrust.install();
    }

    private final Schema readerSchema;
    /** The schema as its released {@code .avsc} says it, without the Java-only string-type properties. */
    private final Schema registeredSchema;
    private final SchemaRegistryClient client;
    private final boolean autoRegister;
    private final boolean isKey;
    private final Map<String, Integer> idByTopic = new ConcurrentHashMap<>();
    private final Map<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();
    private final SpecificDatumWriter<T> writer;

    public AvroSerde(Class<T> type, SchemaRegistryClient client, boolean autoRegister, boolean isKey) {
        this.readerSchema = SpecificData.get().getSchema(type);
        this.registeredSchema = withoutJavaProperties(readerSchema);
        this.client = client;
        this.autoRegister = autoRegister;
        this.isKey = isKey;
        this.writer = new SpecificDatumWriter<>(readerSchema);
    }

    /** A value serde that registers its schema on first use. */
    public static <T extends SpecificRecord> AvroSerde<T> forValues(Class<T> type, SchemaRegistryClient client) {
        return new AvroSerde<>(type, client, true, false);
    }

    /** A value serde for the registry in the config, registering on first use when {@code autoRegister} is set. */
    public static <T extends SpecificRecord> AvroSerde<T> forValues(Class<T> type, SchemaRegistryConfig config) {
        return new AvroSerde<>(type, SchemaRegistryClients.create(config), config.autoRegister(), false);
    }

    public Schema schema() {
        return readerSchema;
    }

    /** The schema registered and looked up: the generated class's schema as the released {@code .avsc} has it. */
    public Schema registeredSchema() {
        return registeredSchema;
    }

    /**
     * {@code schema} without the {@code avro.java.string} properties the code generator adds (they only tell the
     * Java reader which string class to build), so it equals the schema parsed from the {@code .avsc}.
     */
    static Schema withoutJavaProperties(Schema schema) {
        try {
            ObjectMapper json = new ObjectMapper();
            JsonNode tree = json.readTree(schema.toString());
            strip(tree);
            return new Schema.Parser().parse(json.writeValueAsString(tree));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot normalise schema " + schema.getFullName(), e);
        }
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove("avro.java.string");
        }
        node.forEach(AvroSerde::strip);
    }

    /** The registry subject for a topic under the TopicNameStrategy. */
    public String subject(String topic) {
        return topic + (isKey ? "-key" : "-value");
    }

    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        int id = idByTopic.computeIfAbsent(topic, t -> autoRegister
                ? client.register(subject(t), registeredSchema)
                : client.getId(subject(t), registeredSchema));
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(512);
            out.write(MAGIC_BYTE);
            out.write(ByteBuffer.allocate(4).putInt(id).array());
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writer.write(data, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot serialize " + readerSchema.getFullName()
                    + " for topic " + topic + ": " + e.getMessage(), e);
        }
    }

    public T deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (bytes.length < 5) {
            throw new SerializationException("Record of " + bytes.length
                    + " bytes is too short for the Avro wire format (magic byte + 4-byte schema id) on topic " + topic);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        byte magic = buffer.get();
        if (magic != MAGIC_BYTE) {
            throw new SerializationException("Unknown magic byte " + magic + " on topic " + topic
                    + ": the record was not written by an Avro schema-registry serializer");
        }
        int id = buffer.getInt();
        DatumReader<T> reader;
        try {
            reader = readers.computeIfAbsent(id,
                    i -> new SpecificDatumReader<>(client.getById(i), readerSchema));
        } catch (UnknownSchemaException e) {
            throw new SerializationException("Unknown writer schema id " + id + " for topic " + topic
                    + ": " + e.getMessage(), e);
        } catch (SchemaRegistryException e) {
            if (e.retriable()) {
                throw e;
            }
            // the registry answered, but with a schema this record cannot be read by (references, not Avro...)
            throw new SerializationException("Writer schema id " + id + " for topic " + topic
                    + " cannot be used: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new SerializationException("Writer schema id " + id + " for topic " + topic
                    + " cannot be resolved against " + readerSchema.getFullName() + ": " + e, e);
        }
        // Any other SchemaRegistryException (registry unreachable, 5xx after retries, auth) propagates as is:
        // it says nothing about the record, so callers should retry rather than dead-letter it.
        try {
            BinaryDecoder decoder = DecoderFactory.get()
                    .binaryDecoder(bytes, 5, bytes.length - 5, null);
            return reader.read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot decode Avro record with schema id " + id + " on topic "
                    + topic + " (truncated or corrupt): " + e, e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return this::serialize;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this::deserialize;
    }
}
