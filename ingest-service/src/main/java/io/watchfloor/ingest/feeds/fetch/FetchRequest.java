package io.watchfloor.ingest.feeds.fetch;

import java.net.URI;
import java.util.Map;

/**
 * One GET to perform: extra headers, optional basic credentials and the validators of the previous response for
 * a conditional GET. Credentials, custom headers and validators go only to {@code trustedOrigin} (the configured
 * source's origin; by default this request's own): never to a redirect target or a next-page link elsewhere.
 */
public record FetchRequest(
        URI uri,
        Map<String, String> headers,
        String basicUser,
        String basicPassword,
        String etag,
        String lastModified,
        URI trustedOrigin) {

    public FetchRequest {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        trustedOrigin = trustedOrigin == null ? uri : trustedOrigin;
    }

    public FetchRequest(URI uri, Map<String, String> headers, String basicUser, String basicPassword, String etag,
                        String lastModified) {
        this(uri, headers, basicUser, basicPassword, etag, lastModified, uri);
    }

    public static FetchRequest of(URI uri) {
        return new FetchRequest(uri, Map.of(), null, null, null, null);
    }

    public FetchRequest conditional(String newEtag, String newLastModified) {
        return new FetchRequest(uri, headers, basicUser, basicPassword, newEtag, newLastModified, trustedOrigin);
    }
}
