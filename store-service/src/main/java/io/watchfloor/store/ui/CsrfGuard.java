package io.watchfloor.store.ui;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.watchfloor.store.config.AnalystViewSettings;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Cross-site request forgery protection for the alerts pages' forms, which write to alert-service with the API key
 * store-service holds. Signed double-submit: the browser gets a random value in an HttpOnly, SameSite=Strict
 * cookie (path {@code /ui}), each form carries HMAC-SHA256(key, that value) in a hidden field, and a POST must
 * bring both. Another site can neither read the cookie nor compute the signature, and a cookie planted by a
 * sibling host fails the signature. Before the token is looked at, a request the browser marks as not same-origin
 * ({@code Sec-Fetch-Site}) or from a foreign {@code Origin} is refused. The token is the check that does not depend
 * on the browser: {@code Origin} and fetch metadata can be missing (older browsers, proxies, {@code Origin: null}).
 */
@Singleton
public class CsrfGuard {
    static final String COOKIE = "wf_csrf";
    static final String FIELD = "csrf";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final byte[] key;

    public CsrfGuard(AnalystViewSettings settings) {
        this(keyFor(settings.alertsApiKey()));
    }

    CsrfGuard(byte[] key) {
        this.key = key.clone();
    }

    /**
     * The signing key: derived from the alerts API key when one is set, so every store-service instance (and a
     * restarted one) accepts the others' forms; else random per process (a restart asks to submit again).
     */
    static byte[] keyFor(String apiKey) {
        if (apiKey == null || apiKey.isBlank()) {
            byte[] random = new byte[32];
            RANDOM.nextBytes(random);
            return random;
        }
        return hmac(apiKey.strip().getBytes(StandardCharsets.UTF_8), "watchfloor-ui-csrf-v1");
    }

    /** The browser's token cookie value, or a new one to set with {@link #remember}. */
    String cookieValue(HttpRequest<?> request) {
        return request.getCookies().findCookie(COOKIE).map(Cookie::getValue).filter(CsrfGuard::wellFormed)
                .orElseGet(() -> {
                    byte[] b = new byte[32];
                    RANDOM.nextBytes(b);
                    return B64.encodeToString(b);
                });
    }

    /** The hidden form field's value for this cookie value. */
    String token(String cookieValue) {
        return B64.encodeToString(hmac(key, cookieValue));
    }

    /** Sets (or refreshes) the cookie on a page that carries forms. */
    <T> MutableHttpResponse<T> remember(MutableHttpResponse<T> response, HttpRequest<?> request, String value) {
        Cookie cookie = Cookie.of(COOKIE, value).path("/ui").httpOnly(true).sameSite(SameSite.Strict)
                .secure(request.isSecure());
        return response.cookie(cookie);
    }

    /** Why a form post must be refused, or empty when it came from one of the view's own pages. */
    Optional<String> refusal(HttpRequest<?> request, String formToken) {
        String site = request.getHeaders().get("Sec-Fetch-Site");
        if (site != null && !site.equalsIgnoreCase("same-origin")) {
            return Optional.of("the browser says this form was sent from another site (Sec-Fetch-Site: " + site
                    + ")");
        }
        String origin = request.getHeaders().get(HttpHeaders.ORIGIN);
        if (origin != null && !origin.equals("null") && !sameHost(origin, request.getHeaders().get(HttpHeaders.HOST))) {
            return Optional.of("the form was sent from another origin (" + origin + ")");
        }
        Optional<String> cookie = request.getCookies().findCookie(COOKIE).map(Cookie::getValue)
                .filter(CsrfGuard::wellFormed);
        if (cookie.isEmpty()) {
            return Optional.of("the browser sent no form cookie (cookies off, or the page is older than this "
                    + "service's start)");
        }
        if (formToken == null || !MessageDigest.isEqual(token(cookie.get()).getBytes(StandardCharsets.US_ASCII),
                formToken.getBytes(StandardCharsets.US_ASCII))) {
            return Optional.of("the form's token does not match its cookie");
        }
        return Optional.empty();
    }

    static boolean sameHost(String origin, String host) {
        if (host == null) {
            return false;
        }
        try {
            URI o = URI.create(origin);
            String authority = o.getHost() == null ? "" : o.getHost().toLowerCase(Locale.ROOT);
            int port = o.getPort() != -1 ? o.getPort() : "https".equalsIgnoreCase(o.getScheme()) ? 443 : 80;
            URI h = URI.create("http://" + host.strip());
            int hostPort = h.getPort() != -1 ? h.getPort() : port;
            return authority.equals(h.getHost() == null ? "" : h.getHost().toLowerCase(Locale.ROOT))
                    && port == hostPort;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean wellFormed(String value) {
        return value != null && value.matches("[A-Za-z0-9_-]{43}");
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
