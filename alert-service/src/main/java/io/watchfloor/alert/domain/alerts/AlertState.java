package io.watchfloor.alert.domain.alerts;

/**
 * What is remembered per (subscription, root report id) between reports: the last alert's id and fingerprint,
 * and the report and revision it was raised for (to ignore revisions older than one already alerted).
 */
public record AlertState(String alertId, String fingerprint, String reportId, int revision) {

    /** The state-store key for a subscription and a root report id. */
    public static String key(String subscriptionId, String rootReportId) {
        return subscriptionId + "|" + rootReportId;
    }
}
