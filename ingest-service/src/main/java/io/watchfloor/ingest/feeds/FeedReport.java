package io.watchfloor.ingest.feeds;

import io.watchfloor.ingest.domain.Report;

/** A normalised report from a feed, with its revision and, for a near-duplicate, the id of the first copy. */
public record FeedReport(String sourceId, Report report, int revision, String duplicateOf) {
}
