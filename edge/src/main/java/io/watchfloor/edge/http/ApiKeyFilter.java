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
 * {@code watchfloor.security.api-keys} is set; reads ({@code GET}, {@code /health}, metrics) stay open. Off when no
 * key is configured. A request with a valid api-key or operator-key gets a {@link Principal}, which is what makes
 * {@code /health} show its details ({@code endpoints.health.details-visible: AUTHENTICATED}).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class ApiKeyFilter {
    public static final String HEADER = "X-API-Key";
    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyFilter.class);
    private static final Set<HttpMethod> OPEN = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    /** Request attribute set once this filter ran (the principal binder waits for it). */
    static final String CHECKED = "watchfloor.api-key.checked";

    private final ApiKeys keys;
    private final ApiKeys readers;

    public ApiKeyFilter(SecuritySettings properties) {
        this.keys = new ApiKeys(properties.apiKeys());
        this.readers = new ApiKeys(properties.operatorKeys());
        if (keys.enabled()) {
            LOG.info("API keys configured ({}): write endpoints need the X-API-Key header", keys.count());
        } else {
            LOG.info("No API keys configured (watchfloor.security.api-keys / WATCHFLOOR_API_KEYS): "
                    + "write endpoints are open");
        }
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> check(HttpRequest<?> request) {
        request.setAttribute(CHECKED, Boolean.TRUE);
        String presented = keys.enabled() || readers.enabled() ? ApiKeys.presented(request.getHeaders().get(HEADER),
                request.getHeaders().get(HttpHeaders.AUTHORIZATION)) : null;
        boolean writer = keys.enabled() && keys.matches(presented);
        if (writer || readers.enabled() && readers.matches(presented)) {
            request.setUserPrincipal(new KeyHolder(writer ? "api-key" : "operator-key"));
        }
        if (!keys.enabled() || OPEN.contains(request.getMethod()) || writer) {
            return null;
        }
        String error = presented == null ? "An API key is required for " + request.getMethodName() + " "
                + request.getPath() : "The API key is not valid";
        return HttpResponse.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(new KeyRequired(error, HEADER, "Send the key as 'X-API-Key: <key>' or 'Authorization: Bearer "
                        + "<key>'; keys are configured with WATCHFLOOR_API_KEYS (watchfloor.security.api-keys)"));
    }

    /** Who a request with a valid key is: enough for reading details, never shown. */
    record KeyHolder(String getName) implements Principal {
    }

    /** The 401 body, in the shape every Watchfloor API uses for errors. */
    @Serdeable
    public record KeyRequired(String error, String field, String hint) {
    }
}
