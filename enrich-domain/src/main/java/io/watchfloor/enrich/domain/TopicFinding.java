package io.watchfloor.enrich.domain;

import java.util.List;

/** What the report is about (attack, arrest, counterterrorism-cooperation, ...), with evidence. */
public record TopicFinding(String name, double score, List<Evidence> evidence, Provenance producer) {
}
