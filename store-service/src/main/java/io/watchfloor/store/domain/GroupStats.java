package io.watchfloor.store.domain;

import java.time.Instant;

/** A threat group with how many stored reports concern it and the time of the latest one. */
public record GroupStats(String groupId, String name, long reportCount, Instant lastSeen) {
}
