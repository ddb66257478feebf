package io.watchfloor.schemas;

/** Keys of {@code RawReport.attributes} that more than one service reads. */
public final class ReportAttributes {
    /**
     * Threat actors the source itself asserts (a STIX bundle's intrusion-set and threat-actor objects, a MISP
     * event's threat-actor galaxy clusters): their names and aliases, one per line. The enricher keeps them as tags
     * with producer {@code source}, resolved to catalog groups where an alias matches.
     */
    public static final String SOURCE_THREAT_ACTORS = "source.threat-actors";

    /** The id of the feed source a report came from (feed items only; ingest's {@code GET /sources} ids). */
    public static final String FEED_SOURCE_ID = "feed.sourceId";

    private ReportAttributes() {
    }
}
