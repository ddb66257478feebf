package io.watchfloor.ingest.feeds.parse;

import java.time.Instant;
import java.util.List;

/**
 * One entry of a feed after parsing and sanitising: no NUL or XML-illegal characters, every field capped.
 * {@code published}/{@code updated} are the feed's claims, kept as data only (never used as record time).
 */
public record FeedItem(
        String guid,
        String url,
        String title,
        String summaryHtml,
        String contentHtml,
        Instant published,
        Instant updated,
        List<String> authors,
        List<String> categories,
        boolean truncated) {

    public FeedItem {
        authors = authors == null ? List.of() : List.copyOf(authors);
        categories = categories == null ? List.of() : List.copyOf(categories);
    }

    /** The richest HTML body the feed gave: full content if present, else the summary (may be null). */
    public String bestHtml() {
        return contentHtml != null && !contentHtml.isBlank() ? contentHtml : summaryHtml;
    }

    /** The same item with a different full content (e.g. after a full-article fetch). */
    public FeedItem withContentHtml(String html) {
        return new FeedItem(guid, url, title, summaryHtml, html, published, updated, authors, categories, truncated);
    }
}
