package io.watchfloor.enrich.domain;

import java.util.List;

/** Everything the enricher found in one report. */
public record Enrichment(List<EntityTag> entities, List<GroupTag> groups, List<EventTag> events,
                         List<TopicTag> topics, String catalogVersion, String enricherVersion,
                         List<Producer> producers, List<String> warnings) {
}
