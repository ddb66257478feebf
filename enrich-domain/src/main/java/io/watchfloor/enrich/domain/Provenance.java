package io.watchfloor.enrich.domain;

/** The component that produced a tag, and its version. */
public record Provenance(String name, String version) {
}
