package io.watchfloor.alert.domain.health;

import java.util.List;

/**
 * What alert-service remembers per feed source: its last status and the watchable statuses (FAILING, STALE) it
 * went through since it was last healthy, so a recovery reaches every subscription that watched the outage.
 */
public record SourceHealthState(String status, List<String> outage) {

    public SourceHealthState {
        outage = outage == null ? List.of() : List.copyOf(outage);
    }
}
