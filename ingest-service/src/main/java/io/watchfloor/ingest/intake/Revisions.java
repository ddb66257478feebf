package io.watchfloor.ingest.intake;

import io.watchfloor.ingest.domain.Report;
import java.util.concurrent.CompletableFuture;

/**
 * Gives a directly submitted report (HTTP, drop directory) its revision from what is known about its id, so a
 * corrected article under the same id supersedes the stored one; may refuse with {@link PublishException}
 * (UNAVAILABLE) while that knowledge is still being restored.
 */
@FunctionalInterface
public interface Revisions {

    Report assign(Report report);

    /** Completes once the known revisions are complete (restored); feeds start polling then. */
    default CompletableFuture<Void> ready() {
        return CompletableFuture.completedFuture(null);
    }

    /** Every report is revision 1 (no shared state). */
    static Revisions first() {
        return report -> report;
    }
}
