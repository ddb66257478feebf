package io.watchfloor.store.domain;

/** One value of a search facet: the key to filter by, the label to show, and how many reports have it. */
public record FacetCount(String key, String label, long count) {
}
