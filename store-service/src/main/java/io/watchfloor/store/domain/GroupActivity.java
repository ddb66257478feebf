package io.watchfloor.store.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What the stored reports say about one group: how many concern it and when, reports per day since
 * {@code since}, and the groups, people and places that co-occur with it most.
 */
public record GroupActivity(String groupId, String name, long reports, Instant first, Instant last,
                            List<DayCount> days, List<FacetCount> groups, List<FacetCount> people,
                            List<FacetCount> places) {

    /** Reports on one UTC day. */
    public record DayCount(LocalDate day, long count) {
    }
}
