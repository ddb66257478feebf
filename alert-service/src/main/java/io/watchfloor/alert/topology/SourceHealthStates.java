package io.watchfloor.alert.topology;

import io.watchfloor.alert.domain.health.SourceHealthState;
import java.util.Arrays;
import java.util.List;

/** {@link SourceHealthState} as the string the state store keeps: {@code STATUS\tOUTAGE1,OUTAGE2}. */
final class SourceHealthStates {
    private SourceHealthStates() {
    }

    static String encode(SourceHealthState s) {
        return s.status() + "\t" + String.join(",", s.outage());
    }

    static SourceHealthState decode(String value) {
        if (value == null) {
            return null;
        }
        String[] p = value.split("\t", -1);
        List<String> outage = p.length < 2 || p[1].isEmpty() ? List.of() : Arrays.asList(p[1].split(","));
        return new SourceHealthState(p[0], outage);
    }
}
