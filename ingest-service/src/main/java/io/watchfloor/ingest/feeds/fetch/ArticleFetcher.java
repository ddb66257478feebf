package io.watchfloor.ingest.feeds.fetch;

import java.util.Optional;

/** Fetches the page an item links to and returns its main article as HTML, or empty when that fails. */
@FunctionalInterface
public interface ArticleFetcher {

    Optional<String> articleHtml(String url);

    static ArticleFetcher none() {
        return url -> Optional.empty();
    }
}
