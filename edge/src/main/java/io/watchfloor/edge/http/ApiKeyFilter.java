package io.watchfloor.edge.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.serde.annotation.Serdeable;
import java.security.Principal;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requires an API key on every write request (POST, PUT, PATCH, DELETE) of any service when
 * {@code watchfloor.security.api-keys} is set, and a read key (or an API key) on every other request but
 * {@code /health} and {@code /prometheus} when {@code watchfloor.security.read-keys} is set. Off when no key is
 * configured. A request with a valid api-key, read-key or operator-key gets a {@link Principal}, which is what
 * makes {@code /health} show its details ({@code endpoints.health.details-visible: AUTHENTICATED}).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class ApiKeyFilter {
    public static final String HEADER = "X-API-Key";
    /** The realm of the basic-auth challenge for reads: browsers prompt, and send the key as the password. */
    public static final String REALM = "watchfloor";
    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyFilter.class);
    private static final Set<HttpMethod> OPEN = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    /** Request attribute set once this filter ran (the principal binder waits for it). */
    static final String CHECKED = "watchfloor.api-key.checked";

    private final ApiKeys keys;
    private final ApiKeys operators;
    private final ApiKeys readKeys;

    public ApiKeyFilter(SecuritySettings properties) {
        this.keys = new ApiKeys(properties.apiKeys());
        this.operators = new ApiKeys(properties.operatorKeys());
        this.readKeys = new ApiKeys(properties.readKeys());
        if (keys.enabled()) {
            LOG.info("API keys configured ({}): write endpoints need the X-API-Key header", keys.count());
        } else {
            LOG.info("No API keys configured (watchfloor.security.api-keys / WATCHFLOOR_API_KEYS): "
                    + "write endpoints are open");
        }
        if (readKeys.enabled()) {
            LOG.info("Read keys configured ({}): every endpoint but /health and /prometheus needs a read key or "
                    + "an API key", readKeys.count());
        }
    }

    /**
     * Paths open whatever the keys: {@code /health} answers only {@code {"status": ...}} without a key (load
     * balancers and orchestrators probe it), {@code /prometheus} holds counts and JVM figures, no report content.
     */
    static boolean alwaysOpen(String path) {
        return path.equals("/health") || path.startsWith("/health/") || path.equals("/prometheus");
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> check(HttpRequest<?> request) {
        request.setAttribute(CHECKED, Boolean.TRUE);
        boolean any = keys.enabled() || operators.enabled() || readKeys.enabled();
        String presented = any ? ApiKeys.presented(request.getHeaders().get(HEADER),
                request.getHeaders().get(HttpHeaders.AUTHORIZATION)) : null;
        if (presented == null && readKeys.enabled()) {
            presented = ApiKeys.basicPassword(request.getHeaders().get(HttpHeaders.AUTHORIZATION));
        }
        boolean writer = keys.enabled() && keys.matches(presented);
        boolean reader = writer || readKeys.enabled() && readKeys.matches(presented);
        if (reader || operators.enabled() && operators.matches(presented)) {
            request.setUserPrincipal(new KeyHolder(writer ? "api-key" : reader ? "read-key" : "operator-key"));
        }
        boolean read = OPEN.contains(request.getMethod());
        if (read || !keys.enabled()) {
            // a service with read keys and no write keys (store-service's analyst view forms) wants a read key
            boolean needsReadKey = readKeys.enabled() && !reader && !alwaysOpen(request.getPath())
                    && request.getMethod() != HttpMethod.OPTIONS;
            return needsReadKey ? readKeyRequired(request, presented) : null;
        }
        if (writer) {
            return null;
        }
        if (reader) {
            return HttpResponse.status(HttpStatus.FORBIDDEN)
                    .contentType(MediaType.APPLICATION_JSON_TYPE)
                    .body(new KeyRequired("A read key cannot be used for " + request.getMethodName() + " "
                            + request.getPath(), HEADER, "Send one of the write keys (WATCHFLOOR_API_KEYS, "
                            + "watchfloor.security.api-keys) as 'X-API-Key: <key>'; read keys "
                            + "(WATCHFLOOR_READ_KEYS) only read"));
        }
        String error = presented == null ? "An API key is required for " + request.getMethodName() + " "
                + request.getPath() : "The API key is not valid";
        return HttpResponse.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(new KeyRequired(error, HEADER, "Send the key as 'X-API-Key: <key>' or 'Authorization: Bearer "
                        + "<key>'; keys are configured with WATCHFLOOR_API_KEYS (watchfloor.security.api-keys)"));
    }

    private static HttpResponse<?> readKeyRequired(HttpRequest<?> request, @Nullable String presented) {
        String error = presented == null ? "A read key is required for " + request.getMethodName() + " "
                + request.getPath() : "The key is not a valid read or API key";
        // a Basic challenge makes browsers prompt (analyst view); the same realm covers links like /export/stix
        return HttpResponse.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"")
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(new KeyRequired(error, HEADER, "Send a read key (WATCHFLOOR_READ_KEYS) or an API key "
                        + "(WATCHFLOOR_API_KEYS) as 'X-API-Key: <key>' or 'Authorization: Bearer <key>'; in a "
                        + "browser, sign in with any user name and the key as the password"));
    }

    /** Who a request with a valid key is: enough for reading details, never shown. */
    record KeyHolder(String getName) implements Principal {
    }

    /** The 401 body, in the shape every Watchfloor API uses for errors. */
    @Serdeable
    public record KeyRequired(String error, String field, String hint) {
    }
}
