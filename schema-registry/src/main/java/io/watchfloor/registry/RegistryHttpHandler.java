package io.watchfloor.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.watchfloor.schemas.registry.CompatibilityLevel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps the Confluent Schema Registry REST API onto {@link SchemaRegistry}. */
final class RegistryHttpHandler implements HttpHandler {
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    static final int MAX_BODY_BYTES = 1024 * 1024;
    private static final long MAX_DISCARD_BYTES = 16L * 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(RegistryHttpHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SchemaRegistry registry;

    RegistryHttpHandler(SchemaRegistry registry) {
        this.registry = registry;
    }

    /** One parsed request. */
    private record Request(String method, List<String> path, Map<String, String> query, HttpExchange exchange) {
        String segment(int i) {
            return path.get(i);
        }

        boolean flag(String name) {
            return Boolean.parseBoolean(query.get(name));
        }
    }

    /** A response: status and a JSON body (or a raw JSON string when {@code raw} is set). */
    private record Response(int status, Object body) {
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Response response;
        try {
            response = route(parse(exchange));
        } catch (RegistryException e) {
            response = error(e.status(), e.errorCode(), e.getMessage());
            if (e.status() >= 500) {
                LOG.error("{} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.getMessage(),
                        e.getCause());
            }
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            response = error(500, 50001, "Internal error: " + e);
        }
        send(exchange, response);
    }

    private Request parse(HttpExchange exchange) {
        String rawPath = exchange.getRequestURI().getRawPath();
        List<String> segments = new ArrayList<>();
        for (String s : rawPath.split("/")) {
            if (!s.isEmpty()) {
                segments.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        Map<String, String> query = new HashMap<>();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "true" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                query.put(name, value);
            }
        }
        return new Request(exchange.getRequestMethod().toUpperCase(Locale.ROOT), segments, query, exchange);
    }

    private Response route(Request r) throws IOException {
        List<String> p = r.path();
        int n = p.size();
        String method = r.method();
        if (n == 0) {
            return method.equals("GET") ? ok(JSON.createObjectNode()) : notAllowed();
        }
        switch (p.get(0)) {
            case "subjects" -> {
                if (n == 1) {
                    return method.equals("GET") ? ok(registry.subjects(r.flag("deleted"))) : notAllowed();
                }
                String subject = r.segment(1);
                if (n == 2) {
                    return switch (method) {
                        case "POST" -> lookup(subject, r);
                        case "DELETE" -> deleteSubject(subject, r);
                        default -> notAllowed();
                    };
                }
                if (!p.get(2).equals("versions")) {
                    return notFound();
                }
                if (n == 3) {
                    return switch (method) {
                        case "GET" -> ok(registry.versions(subject, r.flag("deleted")));
                        case "POST" -> register(subject, r);
                        default -> notAllowed();
                    };
                }
                String version = r.segment(3);
                if (n == 4) {
                    return switch (method) {
                        case "GET" -> ok(versionJson(registry.version(subject, version)));
                        case "DELETE" -> ok(registry.deleteVersion(subject, version));
                        default -> notAllowed();
                    };
                }
                if (n == 5 && method.equals("GET") && p.get(4).equals("schema")) {
                    return new Response(200, new RawJson(registry.version(subject, version).schema()));
                }
                if (n == 5 && method.equals("GET") && p.get(4).equals("referencedby")) {
                    registry.version(subject, version);
                    return ok(List.of());
                }
                return notFound();
            }
            case "schemas" -> {
                if (n == 2 && p.get(1).equals("types") && method.equals("GET")) {
                    return ok(List.of("AVRO"));
                }
                if (n < 3 || !p.get(1).equals("ids") || !method.equals("GET")) {
                    return n >= 3 && p.get(1).equals("ids") ? notAllowed() : notFound();
                }
                int id = parseId(p.get(2));
                if (n == 3) {
                    return ok(JSON.createObjectNode().put("schema", registry.schemaById(id)));
                }
                if (n == 4 && p.get(3).equals("schema")) {
                    return new Response(200, new RawJson(registry.schemaById(id)));
                }
                if (n == 4 && p.get(3).equals("versions")) {
                    ArrayNode uses = JSON.createArrayNode();
                    for (SubjectVersion v : registry.usesOf(id)) {
                        uses.addObject().put("subject", v.subject()).put("version", v.version());
                    }
                    return ok(uses);
                }
                if (n == 4 && p.get(3).equals("subjects")) {
                    return ok(registry.usesOf(id).stream().map(SubjectVersion::subject).distinct().toList());
                }
                return notFound();
            }
            case "compatibility" -> {
                if (n == 5 && p.get(1).equals("subjects") && p.get(3).equals("versions")) {
                    return method.equals("POST") ? compatibility(r.segment(2), r.segment(4), r) : notAllowed();
                }
                if (n == 4 && p.get(1).equals("subjects") && p.get(3).equals("versions")) {
                    return method.equals("POST") ? compatibility(r.segment(2), "latest", r) : notAllowed();
                }
                return notFound();
            }
            case "config" -> {
                return config(r);
            }
            case "mode" -> {
                return method.equals("GET") ? ok(JSON.createObjectNode().put("mode", "READWRITE")) : notAllowed();
            }
            default -> {
                return notFound();
            }
        }
    }

    private Response register(String subject, Request r) throws IOException {
        String schema = schemaFromBody(r);
        SchemaRegistry.Registered registered = registry.register(subject, schema);
        return ok(JSON.createObjectNode().put("id", registered.id()));
    }

    private Response lookup(String subject, Request r) throws IOException {
        SchemaRegistry.checkSubject(subject);
        return ok(versionJson(registry.lookup(subject, schemaFromBody(r))));
    }

    private Response deleteSubject(String subject, Request r) {
        if (r.flag("permanent")) {
            return error(422, 42299, "Permanent deletion is not supported by the local registry (ids must never be "
                    + "reused); a soft delete (without ?permanent=true) hides the subject");
        }
        return ok(registry.deleteSubject(subject));
    }

    private Response compatibility(String subject, String version, Request r) throws IOException {
        List<String> problems = registry.compatibilityProblems(subject, version, schemaFromBody(r));
        ObjectNode body = JSON.createObjectNode().put("is_compatible", problems.isEmpty());
        ArrayNode messages = body.putArray("messages");
        problems.forEach(messages::add);
        return ok(body);
    }

    private Response config(Request r) throws IOException {
        List<String> p = r.path();
        if (p.size() > 2) {
            return notFound();
        }
        String subject = p.size() == 2 ? r.segment(1) : null;
        switch (r.method()) {
            case "GET" -> {
                CompatibilityLevel level = subject == null ? registry.globalLevel()
                        : registry.subjectLevel(subject).orElseGet(() -> {
                            if (r.flag("defaultToGlobal")) {
                                return registry.globalLevel();
                            }
                            throw new RegistryException(404, RegistryException.SUBJECT_CONFIG_NOT_FOUND, "Subject '"
                                    + subject + "' does not have subject-level compatibility configured");
                        });
                return ok(JSON.createObjectNode().put("compatibilityLevel", level.name()));
            }
            case "PUT" -> {
                JsonNode body = readBody(r);
                JsonNode requested = body.get("compatibility");
                if (requested == null) {
                    requested = body.get("compatibilityLevel");
                }
                CompatibilityLevel level;
                try {
                    level = CompatibilityLevel.parse(requested == null ? null : requested.asText());
                } catch (IllegalArgumentException e) {
                    throw new RegistryException(422, RegistryException.INVALID_COMPATIBILITY_LEVEL, e.getMessage());
                }
                if (subject == null) {
                    registry.setGlobalLevel(level);
                } else {
                    registry.setSubjectLevel(subject, level);
                }
                return ok(JSON.createObjectNode().put("compatibility", level.name()));
            }
            case "DELETE" -> {
                if (subject == null) {
                    return notAllowed();
                }
                CompatibilityLevel previous = registry.deleteSubjectLevel(subject);
                return ok(JSON.createObjectNode().put("compatibilityLevel", previous.name()));
            }
            default -> {
                return notAllowed();
            }
        }
    }

    private String schemaFromBody(Request r) throws IOException {
        JsonNode body = readBody(r);
        JsonNode type = body.get("schemaType");
        if (type != null && !type.isNull() && !"AVRO".equalsIgnoreCase(type.asText())) {
            throw RegistryException.invalidSchema("schemaType " + type.asText() + " is not supported; the local "
                    + "registry holds AVRO schemas only");
        }
        JsonNode references = body.get("references");
        if (references != null && references.isArray() && !references.isEmpty()) {
            throw RegistryException.invalidSchema("schema references are not supported by the local registry; "
                    + "inline the referenced types");
        }
        JsonNode schema = body.get("schema");
        if (schema == null || !schema.isTextual()) {
            throw RegistryException.invalidSchema("the body needs a \"schema\" field holding the schema as a "
                    + "JSON string, e.g. {\"schema\": \"{\\\"type\\\": \\\"string\\\"}\"}");
        }
        return schema.asText();
    }

    private JsonNode readBody(Request r) throws IOException {
        HttpExchange exchange = r.exchange();
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        long length;
        try {
            length = declared == null ? -1 : Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            throw new RegistryException(400, 400, "Invalid Content-Length");
        }
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            if (length > MAX_BODY_BYTES) {
                discard(in);
                throw tooLarge();
            }
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                discard(in);
                throw tooLarge();
            }
        }
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new RegistryException(400, 400, "The request body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new RegistryException(400, 400, "The request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /**
     * Reads and drops what is left of an oversized body (up to a bound) so that the client, still sending, gets
     * to read the 413; beyond the bound the connection is closed instead.
     */
    private static void discard(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long left = MAX_DISCARD_BYTES;
        int n;
        while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
            left -= n;
        }
    }

    private static RegistryException tooLarge() {
        return new RegistryException(413, 413, "Request body exceeds " + MAX_BODY_BYTES + " bytes");
    }

    private static int parseId(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw RegistryException.schemaNotFound("'" + text + "' is not a schema id");
        }
    }

    private static ObjectNode versionJson(SubjectVersion v) {
        return JSON.createObjectNode().put("subject", v.subject()).put("version", v.version()).put("id", v.id())
                .put("schema", v.schema());
    }

    private static Response ok(Object body) {
        return new Response(200, body);
    }

    private static Response notFound() {
        return error(404, 404, "HTTP 404 Not Found");
    }

    private static Response notAllowed() {
        return error(405, 405, "HTTP 405 Method Not Allowed");
    }

    private static Response error(int status, int code, String message) {
        return new Response(status, JSON.createObjectNode().put("error_code", code).put("message", message));
    }

    /** A Confluent-style error body, {@code {"error_code": N, "message": "..."}}. */
    static byte[] errorJson(int code, String message) {
        try {
            return JSON.writeValueAsBytes(JSON.createObjectNode().put("error_code", code).put("message", message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(HttpExchange exchange, Response response) throws IOException {
        byte[] bytes = response.body() instanceof RawJson raw
                ? raw.json().getBytes(StandardCharsets.UTF_8)
                : JSON.writeValueAsBytes(response.body());
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        if (response.status() == 413) {
            // the rest of an oversized body is never read: do not reuse the connection
            exchange.getResponseHeaders().set("Connection", "close");
        }
        exchange.sendResponseHeaders(response.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** A body that is already JSON text (a schema served as itself). */
    private record RawJson(String json) {
    }
}
