package io.watchfloor.store.domain;

import java.time.Instant;
import java.util.List;

/**
 * Counts of the values in the reports a search matches (at most {@link #SAMPLE} newest of them), per facet,
 * and the time range they span.
 */
public record SearchFacets(List<FacetCount> groups, List<FacetCount> people, List<FacetCount> organizations,
                           List<FacetCount> places, List<FacetCount> sources, List<FacetCount> topics,
                           Instant first, Instant last, long counted) {
    /** The newest matches facets are counted over, so a broad search stays fast. */
    public static final int SAMPLE = 5000;
}
