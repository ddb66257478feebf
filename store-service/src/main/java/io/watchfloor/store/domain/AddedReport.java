package io.watchfloor.store.domain;

import java.time.Instant;

/** A stored document with the time the store last wrote it (the TAXII {@code date_added} of its objects). */
public record AddedReport(String id, Instant addedAt, String document) {
}
