package io.watchfloor.schemas.registry;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How to reach a Confluent-compatible schema registry. Basic-auth credentials come from explicit fields or from a
 * {@code user:pass@} in the URL; the URL kept here never carries them (so it is safe to log).
 */
public record SchemaRegistryConfig(String url, boolean autoRegister, String username, String password,
                                   int maxRetries, Duration initialBackoff, Duration requestTimeout,
                                   Duration callTimeout) {

    public static final boolean DEFAULT_AUTO_REGISTER = true;
    public static final int DEFAULT_MAX_RETRIES = 3;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(2);
    /** The most one call may take, all retries included: a registry that hangs costs seconds, not a minute. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(5);

    public SchemaRegistryConfig {
        Objects.requireNonNull(url, "schema registry url");
        if (url.isBlank()) {
            throw new IllegalArgumentException("Schema registry URL is empty: set SCHEMA_REGISTRY_URL, "
                    + "e.g. http://localhost:8081 (or mock://<scope> in tests)");
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, was " + maxRetries);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(callTimeout, "callTimeout");
        if (initialBackoff.isNegative() || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("initialBackoff must be >= 0 and requestTimeout > 0");
        }
        if (callTimeout.compareTo(requestTimeout) < 0) {
            throw new IllegalArgumentException("callTimeout (" + callTimeout + ") must be at least requestTimeout ("
                    + requestTimeout + ")");
        }
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("Schema registry basic auth needs both a username and a password");
        }
        if (username == null && !isMock(url)) {
            // user:pass@ in the URL: move it into the credential fields and strip it from the URL
            URI uri = parse(url);
            String userInfo = uri.getRawUserInfo();
            if (userInfo != null) {
                int colon = userInfo.indexOf(':');
                if (colon < 0) {
                    throw new IllegalArgumentException("Schema registry URL has user info without a password; "
                            + "use http://user:password@host:port");
                }
                username = decode(userInfo.substring(0, colon));
                password = decode(userInfo.substring(colon + 1));
                url = url.replace(userInfo + "@", "");
            }
        }
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        if (!isMock(url)) {
            String scheme = parse(url).getScheme();
            if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
                throw new IllegalArgumentException("Schema registry URL must start with http://, https:// or "
                        + "mock:// but was " + url);
            }
        }
    }

    /** The defaults: auto-registration on, 3 retries from 100 ms, 2 s per request, 5 s per call in all. */
    public static SchemaRegistryConfig of(String url) {
        return new SchemaRegistryConfig(url, DEFAULT_AUTO_REGISTER, null, null, DEFAULT_MAX_RETRIES,
                DEFAULT_INITIAL_BACKOFF, DEFAULT_REQUEST_TIMEOUT, DEFAULT_CALL_TIMEOUT);
    }

    /**
     * Reads Confluent's serde property names: {@code schema.registry.url}, {@code auto.register.schemas},
     * {@code basic.auth.user.info} ({@code user:password}), plus {@code schema.registry.max.retries},
     * {@code schema.registry.retry.backoff.ms}, {@code schema.registry.request.timeout.ms} and
     * {@code schema.registry.call.timeout.ms} (all retries included).
     */
    public static SchemaRegistryConfig fromProperties(Map<String, ?> props) {
        Object url = props.get("schema.registry.url");
        if (url == null) {
            throw new IllegalArgumentException("Missing schema.registry.url");
        }
        SchemaRegistryConfig config = of(url.toString());
        Object auto = props.get("auto.register.schemas");
        if (auto != null) {
            config = config.withAutoRegister(Boolean.parseBoolean(auto.toString()));
        }
        Object userInfo = props.get("basic.auth.user.info");
        if (userInfo != null && !userInfo.toString().isEmpty()) {
            String info = userInfo.toString();
            int colon = info.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("basic.auth.user.info must be user:password");
            }
            config = config.withBasicAuth(info.substring(0, colon), info.substring(colon + 1));
        }
        Object retries = props.get("schema.registry.max.retries");
        Object backoff = props.get("schema.registry.retry.backoff.ms");
        Object timeout = props.get("schema.registry.request.timeout.ms");
        Object callTimeout = props.get("schema.registry.call.timeout.ms");
        Duration request = timeout == null ? config.requestTimeout : Duration.ofMillis(Long.parseLong(timeout.toString()));
        Duration call = callTimeout == null ? max(config.callTimeout, request)
                : Duration.ofMillis(Long.parseLong(callTimeout.toString()));
        return new SchemaRegistryConfig(config.url, config.autoRegister, config.username, config.password,
                retries == null ? config.maxRetries : Integer.parseInt(retries.toString()),
                backoff == null ? config.initialBackoff : Duration.ofMillis(Long.parseLong(backoff.toString())),
                request, call);
    }

    public SchemaRegistryConfig withAutoRegister(boolean value) {
        return new SchemaRegistryConfig(url, value, username, password, maxRetries, initialBackoff, requestTimeout,
                callTimeout);
    }

    public SchemaRegistryConfig withBasicAuth(String user, String pass) {
        return new SchemaRegistryConfig(url, autoRegister, user, pass, maxRetries, initialBackoff, requestTimeout,
                callTimeout);
    }

    public SchemaRegistryConfig withRetries(int retries, Duration backoff) {
        return new SchemaRegistryConfig(url, autoRegister, username, password, retries, backoff, requestTimeout,
                callTimeout);
    }

    /** Sets the per-request timeout; the whole-call budget grows to it when it was smaller. */
    public SchemaRegistryConfig withRequestTimeout(Duration timeout) {
        return new SchemaRegistryConfig(url, autoRegister, username, password, maxRetries, initialBackoff, timeout,
                max(callTimeout, timeout));
    }

    public SchemaRegistryConfig withCallTimeout(Duration timeout) {
        return new SchemaRegistryConfig(url, autoRegister, username, password, maxRetries, initialBackoff,
                requestTimeout, timeout);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** True for {@code mock://<scope>} URLs, which select a shared in-memory registry. */
    public boolean isMock() {
        return isMock(url);
    }

    /** The scope name of a {@code mock://} URL. */
    public String mockScope() {
        if (!isMock()) {
            throw new IllegalStateException("Not a mock:// URL: " + url);
        }
        return url.substring("mock://".length());
    }

    public boolean hasBasicAuth() {
        return username != null;
    }

    @Override
    public String toString() {
        // never print the password
        return "SchemaRegistryConfig[url=" + url + ", autoRegister=" + autoRegister
                + ", username=" + username + ", password=" + (password == null ? null : "****")
                + ", maxRetries=" + maxRetries + ", initialBackoff=" + initialBackoff
                + ", requestTimeout=" + requestTimeout + ", callTimeout=" + callTimeout + "]";
    }

    private static boolean isMock(String url) {
        return url.regionMatches(true, 0, "mock://", 0, "mock://".length());
    }

    private static URI parse(String url) {
        try {
            return URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Schema registry URL is not a valid URI: " + url
                    + " (check SCHEMA_REGISTRY_URL)", e);
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
