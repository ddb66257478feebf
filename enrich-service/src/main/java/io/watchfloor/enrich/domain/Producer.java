package io.watchfloor.enrich.domain;

/** The component that produced a tag, and its version. */
public record Producer(String name, String version) {
}
