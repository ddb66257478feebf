package io.watchfloor.enrich.domain;

import java.util.List;
import java.util.Map;

/** A threat group the report concerns, with its score, role and evidence. */
public record GroupFinding(String id, String name, String kind, double score, String role, List<Evidence> evidence,
                       List<AliasPath> resolutions, String affiliation, Map<String, String> externalRefs,
                       Provenance producer) {
}
