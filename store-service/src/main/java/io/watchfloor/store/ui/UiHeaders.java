package io.watchfloor.store.ui;

import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Security headers on every page: a Content-Security-Policy that allows only the view's own script and style
 * (so markup that ever escaped the templates' escaping still could not run), no sniffing, no framing, no referrer
 * to other sites.
 */
@ServerFilter({"/ui", "/ui/**"})
public class UiHeaders {
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    @ResponseFilter
    public void headers(MutableHttpResponse<?> response) {
        response.header("Content-Security-Policy", CSP);
        response.header("X-Content-Type-Options", "nosniff");
        // no referrer to other sites (report ids and searches stay here); same-origin requests keep it, so the
        // alerts forms' posts carry their real Origin, which Micronaut's drive-by-localhost guard requires
        // (under no-referrer browsers send "Origin: null" on a form post, and a loopback server answers 403)
        response.header("Referrer-Policy", "same-origin");
        response.header("X-Frame-Options", "DENY");
    }
}
