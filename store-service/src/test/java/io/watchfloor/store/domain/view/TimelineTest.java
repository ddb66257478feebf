package io.watchfloor.store.domain.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.watchfloor.store.domain.GroupActivity.DayCount;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineTest {

    @Test
    void shouldFillEveryDayOfTheWindowEndingAtTheLastDay() {
        LocalDate last = LocalDate.parse("2025-06-14");
        List<DayCount> series = Timeline.daily(List.of(new DayCount(LocalDate.parse("2025-06-10"), 1),
                new DayCount(last, 5), new DayCount(LocalDate.parse("2025-01-01"), 9)), last, 5);

        assertEquals(List.of(1L, 0L, 0L, 0L, 5L), series.stream().map(DayCount::count).toList());
        assertEquals(LocalDate.parse("2025-06-10"), series.get(0).day());
        assertEquals(last, series.get(4).day());
    }
}
