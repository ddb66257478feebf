package io.watchfloor.enrich.domain;

import java.util.List;
import java.util.Map;

/** A threat group the report concerns, with its score, role and evidence. */
public record GroupTag(String id, String name, String kind, double score, String role, List<Span> evidence,
                       List<AliasResolution> resolutions, String affiliation, Map<String, String> externalRefs,
                       Producer producer) {
}
