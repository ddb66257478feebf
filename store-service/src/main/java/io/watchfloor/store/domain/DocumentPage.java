package io.watchfloor.store.domain;

import java.util.List;

/** A page of stored JSON documents, newest first, and the cursor of the next page (null on the last page). */
public record DocumentPage(List<String> documents, ReportCursor next) {
}
