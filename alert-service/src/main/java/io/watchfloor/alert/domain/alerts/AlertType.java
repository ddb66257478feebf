package io.watchfloor.alert.domain.alerts;

/** CREATED for the first alert of a subscription on a report, UPDATED when what matches it later changes. */
public enum AlertType {
    CREATED,
    UPDATED
}
