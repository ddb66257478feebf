package io.watchfloor.edge.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class LogContextTest {

    @AfterEach
    void clear() {
        MDC.clear();
    }

    @Test
    void shouldSetTheIdsForTheScopeAndRestoreTheOuterOnesAfterwards() {
        try (LogContext.Scope poll = LogContext.source("src-1")) {
            assertEquals("src-1", MDC.get(LogContext.SOURCE_ID));
            try (LogContext.Scope report = LogContext.report("r-1").and(LogContext.SOURCE_ID, "src-2")) {
                assertEquals("r-1", MDC.get(LogContext.REPORT_ID));
                assertEquals("src-2", MDC.get(LogContext.SOURCE_ID));
            }
            assertNull(MDC.get(LogContext.REPORT_ID), "the report id must not outlive its record");
            assertEquals("src-1", MDC.get(LogContext.SOURCE_ID), "the outer scope's source id is back");
        }
        assertNull(MDC.get(LogContext.SOURCE_ID));
    }

    @Test
    void shouldClearTheIdsWhenTheWorkThrows() {
        assertThrows(IllegalStateException.class, () -> {
            try (LogContext.Scope scope = LogContext.report("r-2").and(LogContext.SUBSCRIPTION_ID, "sub-1")) {
                throw new IllegalStateException("record failed");
            }
        });
        assertNull(MDC.get(LogContext.REPORT_ID));
        assertNull(MDC.get(LogContext.SUBSCRIPTION_ID));
    }

    @Test
    void shouldLeaveTheMdcAsItIsForMissingIds() {
        MDC.put(LogContext.REPORT_ID, "outer");
        try (LogContext.Scope scope = LogContext.report(null).and(LogContext.SOURCE_ID, " ")) {
            assertEquals("outer", MDC.get(LogContext.REPORT_ID));
            assertNull(MDC.get(LogContext.SOURCE_ID));
        }
        assertEquals("outer", MDC.get(LogContext.REPORT_ID));
    }
}
