package io.watchfloor.store.domain.view;

import io.watchfloor.store.domain.GroupActivity;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reports per day as a dense series: every day of a window, days without reports at zero. */
public final class Timeline {
    private Timeline() {
    }

    /** The {@code days} days ending at {@code last} (inclusive), oldest first. */
    public static List<GroupActivity.DayCount> daily(List<GroupActivity.DayCount> counts, LocalDate last, int days) {
        Map<LocalDate, Long> byDay = new HashMap<>();
        for (GroupActivity.DayCount c : counts) {
            byDay.merge(c.day(), c.count(), Long::sum);
        }
        List<GroupActivity.DayCount> out = new ArrayList<>(days);
        for (LocalDate d = last.minusDays(days - 1L); !d.isAfter(last); d = d.plusDays(1)) {
            out.add(new GroupActivity.DayCount(d, byDay.getOrDefault(d, 0L)));
        }
        return out;
    }
}
