package io.watchfloor.enrich.domain;

import java.util.List;

/** A named incident; temporal is current, historical or unknown relative to the report's time. */
public record EventFinding(String name, String type, String temporal, String date, double score, List<Evidence> mentions,
                       Provenance producer) {
}
