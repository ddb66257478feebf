package io.watchfloor.store.domain;

import java.util.List;

/** A page of the report list and the cursor of the next page (null on the last page). */
public record ReportPage(List<ReportSummary> items, ReportCursor next) {
}
