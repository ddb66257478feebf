package io.watchfloor.alert.subscriptions;

import io.watchfloor.alert.domain.matching.AlertReport;
import java.time.Duration;
import java.util.List;

/** Recently stored reports (from store-service), for previews: what a filter would have fired on. */
public interface StoredReports {

    /** Up to {@code max} reports stored in the last {@code window}, newest first. */
    List<AlertReport> recent(Duration window, int max) throws UnavailableException;

    /** The store could not be read; the message says what to check. */
    final class UnavailableException extends Exception {
        public UnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
