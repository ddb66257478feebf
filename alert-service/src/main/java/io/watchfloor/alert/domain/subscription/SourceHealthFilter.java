package io.watchfloor.alert.domain.subscription;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * What a source-health subscription watches: feed sources ({@code sources}, ids such as {@code src-3f1c...} or
 * names; empty = every source) entering one of {@code statuses} (default FAILING and STALE).
 */
public record SourceHealthFilter(List<String> sources, List<String> statuses) {

    public static final String FAILING = "FAILING";
    public static final String STALE = "STALE";
    /** The statuses a subscription may watch; the others are healthy (OK, NOT_MODIFIED) or not polled yet. */
    public static final List<String> WATCHABLE = List.of(FAILING, STALE);

    public SourceHealthFilter {
        // null elements are kept (not List.copyOf) so the validator can point at them
        sources = copy(sources);
        statuses = statuses == null || statuses.isEmpty() ? WATCHABLE : copy(statuses);
    }

    /** Every source, FAILING or STALE. */
    public static SourceHealthFilter everySource() {
        return new SourceHealthFilter(List.of(), List.of());
    }

    /** True if {@code status} (any case) is one of the watched statuses. */
    public boolean watches(String status) {
        if (status == null) {
            return false;
        }
        String s = status.strip().toUpperCase(Locale.ROOT);
        return statuses.stream().anyMatch(w -> w != null && w.strip().toUpperCase(Locale.ROOT).equals(s));
    }

    /** True if the source, by id or name (any case), is watched; an empty list watches every source. */
    public boolean covers(String sourceId, String sourceName) {
        if (sources.isEmpty()) {
            return true;
        }
        for (String s : sources) {
            if (s != null && (s.strip().equalsIgnoreCase(sourceId) || s.strip().equalsIgnoreCase(sourceName))) {
                return true;
            }
        }
        return false;
    }

    private static List<String> copy(List<String> values) {
        if (values == null || values.isEmpty()) {
            return List.of();
        }
        return Collections.unmodifiableList(new ArrayList<>(values));
    }
}
