package io.watchfloor.schemas;

/** Keys of {@code RawReport.attributes} that more than one service reads. */
public final class ReportAttributes {
    /**
     * Threat actors the source itself asserts (a STIX bundle's intrusion-set and threat-actor objects, a MISP
     * event's threat-actor galaxy clusters): their names and aliases, one per line. The enricher keeps them as tags
     * with producer {@code source}, resolved to catalog groups where an alias matches.
     */
    public static final String SOURCE_THREAT_ACTORS = "source.threat-actors";

    private ReportAttributes() {
    }
}
