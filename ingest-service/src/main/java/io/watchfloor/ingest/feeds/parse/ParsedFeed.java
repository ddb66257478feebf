package io.watchfloor.ingest.feeds.parse;

import java.util.List;

/**
 * A parsed feed document: its format and version (e.g. {@code rss_2.0}, {@code atom_1.0}, {@code jsonfeed_1.1}),
 * title, the link to the next page if the feed is paged, its items, and warnings about what was capped or skipped.
 */
public record ParsedFeed(
        FeedFormat format,
        String version,
        String title,
        String nextPageUrl,
        List<FeedItem> items,
        List<String> warnings) {

    public ParsedFeed {
        items = List.copyOf(items);
        warnings = List.copyOf(warnings);
    }
}
