package io.watchfloor.alert.domain.matching;

import java.time.Instant;
import java.util.List;

/**
 * An enriched report as the alert domain sees it: the report's identity and text, where it came from, and the
 * tags the enricher found, each with its evidence. Built by the topology's mapper; lists are never null.
 */
public record AlertReport(String id, int revision, String title, String text, String sourceName,
                          String sourceKind, String sourceUrl, String canonicalUrl, String language,
                          Instant publishedAt, Instant ingestedAt, String duplicateOf, List<Group> groups,
                          List<Entity> entities, List<Event> events, List<Topic> topics,
                          String catalogVersion) {

    public AlertReport {
        groups = groups == null ? List.of() : List.copyOf(groups);
        entities = entities == null ? List.of() : List.copyOf(entities);
        events = events == null ? List.of() : List.copyOf(events);
        topics = topics == null ? List.of() : List.copyOf(topics);
    }

    /** The report alerts are about: the first copy when this one is a near-duplicate, else this report. */
    public String rootId() {
        return duplicateOf != null && !duplicateOf.isBlank() ? duplicateOf : id;
    }

    /** A threat group the report concerns; role is mentioned, claimed, attributed or targeted. */
    public record Group(String id, String name, String affiliation, String role, double score,
                        List<Evidence> evidence) {
        public Group {
            evidence = evidence == null ? List.of() : List.copyOf(evidence);
        }
    }

    /**
     * A named entity (PERSON, ORGANIZATION, LOCATION, NATIONALITY, ...); id is null when the enricher has
     * none.
     */
    public record Entity(String type, String id, String name, double score, List<Evidence> mentions) {
        public Entity {
            mentions = mentions == null ? List.of() : List.copyOf(mentions);
        }
    }

    /** A named incident; temporal is current, historical or unknown relative to the report's publish time. */
    public record Event(String name, String type, String temporal, String date, double score,
                        List<Evidence> mentions) {
        public Event {
            mentions = mentions == null ? List.of() : List.copyOf(mentions);
        }
    }

    /** What the report is about (attack, arrest, counterterrorism-cooperation, ...). */
    public record Topic(String name, double score, List<Evidence> evidence) {
        public Topic {
            evidence = evidence == null ? List.of() : List.copyOf(evidence);
        }
    }
}
