package io.watchfloor.store.domain;

import java.util.List;

/**
 * What one batch transaction did: how many rows it inserted or replaced, how many it ignored as
 * replays or older revisions, and the rows the database refused for their content.
 */
public record UpsertResult(int applied, int ignored, List<Rejected> rejected) {

    /** A row the database refused because of its content (never because of an outage), and why. */
    public record Rejected(ReportRow row, String reason) {
    }
}
