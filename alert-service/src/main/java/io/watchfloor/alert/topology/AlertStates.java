package io.watchfloor.alert.topology;

import io.watchfloor.alert.domain.alerts.AlertState;

/** {@link AlertState} as the tab-separated string the state store keeps. */
final class AlertStates {
    private AlertStates() {
    }

    static String encode(AlertState s) {
        return s.alertId() + "\t" + s.fingerprint() + "\t" + s.reportId() + "\t" + s.revision();
    }

    static AlertState decode(String value) {
        if (value == null) {
            return null;
        }
        String[] p = value.split("\t", -1);
        return new AlertState(p[0], p[1], p[2], Integer.parseInt(p[3]));
    }
}
