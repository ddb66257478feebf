package io.watchfloor.ingest.feeds.fetch;

import java.net.URI;
import java.util.Map;

/**
 * One GET to perform: extra headers, optional basic credentials (sent to the original origin only) and the
 * validators of the previous response for a conditional GET.
 */
public record FetchRequest(
        URI uri,
        Map<String, String> headers,
        String basicUser,
        String basicPassword,
        String etag,
        String lastModified) {

    public FetchRequest {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public static FetchRequest of(URI uri) {
        return new FetchRequest(uri, Map.of(), null, null, null, null);
    }

    public FetchRequest conditional(String newEtag, String newLastModified) {
        return new FetchRequest(uri, headers, basicUser, basicPassword, newEtag, newLastModified);
    }
}
