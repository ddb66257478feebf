package io.watchfloor.ingest.feeds.parse;

/** The syndication formats the parser understands. */
public enum FeedFormat {
    RSS,
    ATOM,
    JSON_FEED
}
