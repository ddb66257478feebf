package io.watchfloor.registry;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Who may call the registry: with {@code users} (REGISTRY_BASIC_AUTH_USERS) every request needs HTTP basic auth;
 * with {@code writeUsers} (REGISTRY_WRITE_USERS) every write (register, config PUT/DELETE, subject or version
 * DELETE) needs one of those users. A write user may also read. Refusals are 401 JSON bodies saying what to send.
 */
final class RegistryAccess extends Filter {
    static final String REALM = "watchfloor-schema-registry";

    private final Map<String, byte[]> readers = new HashMap<>();
    private final Map<String, byte[]> writers = new HashMap<>();

    RegistryAccess(Map<String, String> users, Map<String, String> writeUsers) {
        writeUsers.forEach((name, password) -> writers.put(name, bytes(password)));
        if (!users.isEmpty()) {
            users.forEach((name, password) -> readers.put(name, bytes(password)));
            // a user allowed to write may read too, so one credential serves a service that does both
            writers.forEach(readers::putIfAbsent);
        }
    }

    boolean enabled() {
        return !readers.isEmpty() || !writers.isEmpty();
    }

    /**
     * Whether a request changes the registry: every PUT and DELETE, and POST to {@code /subjects/{s}/versions}.
     * {@code POST /subjects/{s}} (lookup) and {@code POST /compatibility/...} (a check) only read.
     */
    static boolean isWrite(String method, String rawPath) {
        String m = method.toUpperCase(Locale.ROOT);
        if (m.equals("PUT") || m.equals("DELETE")) {
            return true;
        }
        if (!m.equals("POST")) {
            return false;
        }
        String[] segments = rawPath.replaceAll("^/+|/+$", "").split("/+");
        return segments.length == 3 && segments[0].equals("subjects") && segments[2].equals("versions");
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        boolean write = isWrite(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath());
        Map<String, byte[]> allowed = write && !writers.isEmpty() ? writers : readers;
        if (allowed.isEmpty() || matches(exchange.getRequestHeaders().getFirst("Authorization"), allowed)) {
            chain.doFilter(exchange);
            return;
        }
        refuse(exchange, write, allowed == writers ? "REGISTRY_WRITE_USERS" : "REGISTRY_BASIC_AUTH_USERS");
    }

    @Override
    public String description() {
        return "basic auth for registry reads and writes";
    }

    private static boolean matches(String header, Map<String, byte[]> allowed) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        byte[] expected = allowed.get(decoded.substring(0, colon));
        byte[] given = bytes(decoded.substring(colon + 1));
        // compare even for an unknown user, so timing does not tell which names exist
        return MessageDigest.isEqual(expected == null ? new byte[given.length + 1] : expected, given)
                && expected != null;
    }

    private static void refuse(HttpExchange exchange, boolean write, String setting) throws IOException {
        // the body is not read: do not reuse the connection
        exchange.getResponseHeaders().set("Connection", "close");
        String what = write ? "Writing to the schema registry (" + exchange.getRequestMethod() + " "
                + exchange.getRequestURI().getRawPath() + ")" : "This schema registry";
        String message = what + " requires HTTP basic auth as a user of " + setting
                + ": send 'Authorization: Basic base64(user:password)' (clients: set"
                + " SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO=user:password, or basic.auth.user.info)";
        byte[] body = RegistryHttpHandler.errorJson(40101, message);
        exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"" + REALM + "\"");
        exchange.getResponseHeaders().set("Content-Type", RegistryHttpHandler.CONTENT_TYPE);
        exchange.sendResponseHeaders(401, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static byte[] bytes(String s) {
        return s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
    }
}
