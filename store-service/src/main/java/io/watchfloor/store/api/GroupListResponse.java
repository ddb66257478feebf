package io.watchfloor.store.api;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** {@code GET /groups}: every threat group seen in stored reports, most reported first. */
@Serdeable
public record GroupListResponse(List<Item> items) {

    /** A group with its report count and the time of its latest report. */
    @Serdeable
    public record Item(String id, String name, long reportCount, String lastSeen) {
    }
}
