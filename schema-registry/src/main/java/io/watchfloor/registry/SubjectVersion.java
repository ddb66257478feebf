package io.watchfloor.registry;

/** One version of a subject: its global schema id, the schema in stored (canonical) form, and soft deletion. */
public record SubjectVersion(String subject, int version, int id, String schema, boolean deleted) {
}
