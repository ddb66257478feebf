package io.watchfloor.enrich.domain;

import java.util.List;
import java.util.Map;

/** A named entity (PERSON, ORGANIZATION, LOCATION, THREAT_GROUP, EVENT) with every mention. */
public record EntityFinding(String type, String id, String name, double score, Provenance producer,
                        List<Evidence> mentions, Map<String, String> attributes) {
}
