package io.watchfloor.ingest.intake;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchfloor.ingest.domain.InvalidSubmissionException;
import io.watchfloor.ingest.domain.Submission;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the JSON of {@code POST /reports} (one object) and {@code POST /reports/batch} (array or NDJSON)
 * into {@link Submission}s, with errors that name the field. Strict: duplicate keys, trailing data and
 * wrong types are refused; unknown fields are ignored.
 */
public final class ReportRequestParser {
    private static final String BODY_HINT = "Send a JSON object such as "
            + "{\"title\": \"...\", \"text\": \"...\", \"url\": \"https://...\"} as UTF-8";

    /** Deepest nesting accepted in a request body. */
    public static final int MAX_DEPTH = 32;
    /**
     * Most JSON tokens in one body: the byte cap bounds bytes, not the tree built from them (1 MiB of
     * {@code [0,0,...]} is half a million nodes); a full batch of 500 reports with attributes stays far below.
     */
    public static final long MAX_TOKENS = 200_000;

    private final ObjectMapper mapper;

    public ReportRequestParser() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH)
                        .maxTokenCount(MAX_TOKENS)
                        .build())
                .build();
        factory.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        this.mapper = new ObjectMapper(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** One item of a batch: either a submission or the reason it could not be read. */
    public record Item(int index, Submission submission, InvalidSubmissionException error) {
    }

    /** Parses a single report object. */
    public Submission parseOne(byte[] body) {
        JsonNode node = readTree(body, 0, body == null ? 0 : body.length);
        if (!node.isObject()) {
            throw new InvalidSubmissionException(null, "The body must be a JSON object", BODY_HINT);
        }
        return submission(node);
    }

    /** Reads any JSON body with the same strict rules and limits (UTF-8, depth, duplicate keys, trailing data). */
    public JsonNode readJson(byte[] body) {
        return readTree(body, 0, body == null ? 0 : body.length);
    }

    /** Parses a batch: a JSON array of objects, or NDJSON (one object per line) when {@code ndjson}. */
    public List<Item> parseBatch(byte[] body, boolean ndjson, int maxItems) {
        List<Item> items = new ArrayList<>();
        if (ndjson) {
            int start = 0;
            int length = body == null ? 0 : body.length;
            for (int i = 0; i <= length; i++) {
                if (i == length || body[i] == '\n') {
                    if (!isBlank(body, start, i)) {
                        checkCount(items.size() + 1, maxItems);
                        int from = start;
                        int to = i;
                        items.add(item(items.size(), () -> readTree(body, from, to - from)));
                    }
                    start = i + 1;
                }
            }
        } else {
            JsonNode root = readTree(body, 0, body == null ? 0 : body.length);
            if (!root.isArray()) {
                throw new InvalidSubmissionException(null, "The batch body must be a JSON array of report objects",
                        "Wrap the reports in [ ... ], send NDJSON with Content-Type application/x-ndjson, "
                                + "or POST a single report to /reports");
            }
            checkCount(root.size(), maxItems);
            for (JsonNode element : root) {
                items.add(item(items.size(), () -> element));
            }
        }
        if (items.isEmpty()) {
            throw new InvalidSubmissionException(null, "The batch is empty", "Send at least one report");
        }
        return items;
    }

    private Item item(int index, NodeSupplier supplier) {
        try {
            JsonNode node = supplier.get();
            if (!node.isObject()) {
                throw new InvalidSubmissionException(null, "Item " + index + " is not a JSON object", BODY_HINT);
            }
            return new Item(index, submission(node), null);
        } catch (InvalidSubmissionException e) {
            return new Item(index, null, e);
        }
    }

    @FunctionalInterface
    private interface NodeSupplier {
        JsonNode get();
    }

    private static void checkCount(int count, int maxItems) {
        if (count > maxItems) {
            throw new InvalidSubmissionException(null, "The batch has more than " + maxItems + " items",
                    "Split it into batches of at most " + maxItems + " reports");
        }
    }

    private JsonNode readTree(byte[] body, int offset, int length) {
        if (body == null || isBlank(body, offset, offset + length)) {
            throw new InvalidSubmissionException(null, "The body is empty", BODY_HINT);
        }
        String json;
        try {
            // Strict decoding: Jackson alone accepts overlong UTF-8 sequences; refuse them all the same way.
            json = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body, offset, length)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidSubmissionException(null, "The body is not valid UTF-8",
                    "Encode the JSON body as UTF-8 (invalid or overlong byte sequences are refused)");
        }
        try {
            JsonNode node = mapper.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new InvalidSubmissionException(null, "The body is empty", BODY_HINT);
            }
            return node;
        } catch (StreamConstraintsException e) {
            throw new InvalidSubmissionException(null, "The body is too large or too deeply nested to read: "
                    + e.getOriginalMessage(), "Nest at most " + MAX_DEPTH + " levels and send at most " + MAX_TOKENS
                    + " JSON values and keys per request; split large batches into smaller ones");
        } catch (JsonProcessingException e) {
            throw new InvalidSubmissionException(null, "The body is not valid JSON: " + e.getOriginalMessage()
                    + locationOf(e), BODY_HINT);
        }
    }

    private static String locationOf(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    private static boolean isBlank(byte[] body, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = body[i];
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    private static Submission submission(JsonNode node) {
        Submission.Builder builder = Submission.builder()
                .title(string(node, "title"))
                .text(string(node, "text"))
                .html(string(node, "html"))
                .url(string(node, "url"))
                .language(string(node, "language"))
                .publishedAt(instant(node.get("publishedAt")))
                .attributes(attributes(node.get("attributes")));
        JsonNode source = node.get("source");
        if (source == null || source.isNull()) {
            return builder.build();
        }
        if (source.isTextual()) {
            return builder.source(null, source.textValue(), null).build();
        }
        if (!source.isObject()) {
            throw new InvalidSubmissionException("source", "\"source\" must be a string or an object",
                    "Send \"source\": \"name\" or \"source\": {\"kind\": \"http\", \"name\": \"...\", "
                            + "\"url\": \"https://...\"}");
        }
        return builder.source(string(source, "kind", "source.kind"), string(source, "name", "source.name"),
                        string(source, "url", "source.url"))
                .itemId(string(source, "itemId", "source.itemId"))
                .build();
    }

    private static String string(JsonNode node, String name) {
        return string(node, name, name);
    }

    private static String string(JsonNode node, String name, String field) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidSubmissionException(field, "\"" + field + "\" must be a string",
                    "Send \"" + field + "\" as a JSON string, or leave it out");
        }
        return value.textValue();
    }

    private static Map<String, String> attributes(JsonNode value) {
        if (value == null || value.isNull()) {
            return Map.of();
        }
        if (!value.isObject()) {
            throw new InvalidSubmissionException("attributes", "\"attributes\" must be an object",
                    "Send \"attributes\": {\"author\": \"...\"} with string values");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : value.properties()) {
            if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                out.put(e.getKey(), e.getValue().asText());
            } else if (!e.getValue().isNull()) {
                throw new InvalidSubmissionException("attributes", "Attribute \"" + e.getKey()
                        + "\" must be a string, number or boolean", "Flatten nested attribute values to strings");
            }
        }
        return out;
    }

    /** ISO-8601 instant or offset date-time, RFC 1123, a date (midnight UTC), or epoch milliseconds. */
    static Instant instant(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return Instant.ofEpochMilli(value.longValue());
        }
        if (value.isTextual()) {
            Instant parsed = parseInstant(value.textValue().strip());
            if (parsed != null) {
                return parsed;
            }
        }
        throw new InvalidSubmissionException("publishedAt", "\"publishedAt\" is not a date-time",
                "Send an ISO-8601 date-time such as 2024-05-01T12:00:00Z (or epoch milliseconds), "
                        + "or leave it out");
    }

    private static Instant parseInstant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException ignored) {
            // try the next format
        }
        try {
            return ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException ignored) {
            // try the next format
        }
        try {
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // try the next format
        }
        try {
            return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            return null;
        }
    }
}
