package io.watchfloor.ingest.feeds.fetch;

import java.net.URI;

/**
 * The outcome of a fetch that reached a final answer: 2xx with a decoded body, or 304 Not Modified (empty body).
 */
public record FetchResult(
        int status,
        URI finalUri,
        byte[] body,
        String contentType,
        String etag,
        String lastModified,
        int redirects) {

    public boolean notModified() {
        return status == 304;
    }
}
