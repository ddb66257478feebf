package io.watchfloor.ingest.feeds.sources;

import io.watchfloor.ingest.domain.Report;

/** A normalised report from a feed (its revision and near-duplicate link included) and the source it came from. */
public record FeedReport(String sourceId, Report report) {
}
