package io.watchfloor.store.domain.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON text of export objects (ordered maps, lists, strings, numbers) and the timestamp formats they use. */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MICROS = DateTimeFormatter
            .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private Json() {
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not writable as JSON: " + e.getMessage(), e);
        }
    }

    public static byte[] bytes(Object value) {
        return write(value).getBytes(StandardCharsets.UTF_8);
    }

    /** A STIX timestamp: UTC, millisecond precision (what {@code created} and {@code modified} require). */
    public static String millis(Instant t) {
        return MILLIS.format(t);
    }

    /** A TAXII timestamp: UTC, microsecond precision, so {@code added_after} round-trips exactly. */
    public static String micros(Instant t) {
        return MICROS.format(t);
    }

    /** An insertion-ordered JSON object that leaves out nulls, blank strings and empty collections. */
    static final class Obj extends LinkedHashMap<String, Object> {
        Obj with(String key, Object value) {
            if (value == null || value instanceof String s && s.isBlank()
                    || value instanceof Collection<?> c && c.isEmpty() || value instanceof Map<?, ?> m && m.isEmpty()) {
                return this;
            }
            put(key, value);
            return this;
        }
    }
}
