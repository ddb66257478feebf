package io.watchfloor.enrich.domain;

import java.util.List;

/** Everything the enricher found in one report. */
public record Enrichment(List<EntityFinding> entities, List<GroupFinding> groups, List<EventFinding> events,
                         List<TopicFinding> topics, String catalogVersion, String enricherVersion,
                         List<Provenance> producers, List<String> warnings) {
}
