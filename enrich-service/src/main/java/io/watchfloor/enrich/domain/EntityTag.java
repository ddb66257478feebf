package io.watchfloor.enrich.domain;

import java.util.List;
import java.util.Map;

/** A named entity (PERSON, ORGANIZATION, LOCATION, THREAT_GROUP, EVENT) with every mention. */
public record EntityTag(String type, String id, String name, double score, Producer producer,
                        List<Span> mentions, Map<String, String> attributes) {
}
