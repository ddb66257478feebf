package io.watchfloor.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every service's {@code logback.xml} must do, run by each service's {@code LogFormatTest extends
 * LogFormatContract} against its own file on the test classpath: plain text by default (and for unknown values),
 * showing the report and source ids when the MDC has them; one JSON object per line, MDC included, with
 * {@code WATCHFLOOR_LOG_FORMAT=json}; no logback configuration warnings either way.
 */
public abstract class LogFormatContract {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> MDC = Map.of("reportId", "r-5c1b2d", "sourceId", "src-0c1d");

    /** A logger name in the service's own package. */
    private String probe() {
        return getClass().getPackageName() + ".Probe";
    }

    @Test
    void shouldWriteOneJsonObjectPerLineCarryingTheReportIdWhenTheFormatIsJson() throws Exception {
        ServiceLogging.Output out = ServiceLogging.logOneLine(ServiceLogging.mainLogbackXml(), "json",
                probe(), MDC, "dead-lettering \"json\" probe");

        assertEquals(1, out.lines().size(), "one line per event: " + out.lines());
        JsonNode line = JSON.readTree(out.lines().get(0));
        assertTrue(line.isObject(), out.lines().get(0));
        assertEquals("r-5c1b2d", line.path("mdc").path("reportId").asText(), out.lines().get(0));
        assertEquals("src-0c1d", line.path("mdc").path("sourceId").asText());
        assertEquals("WARN", line.path("level").asText());
        assertEquals(probe(), line.path("loggerName").asText());
        assertEquals("dead-lettering \"json\" probe", line.path("formattedMessage").asText());
        assertTrue(out.problems().isEmpty(), "logback configuration warnings: " + out.problems());
    }

    @Test
    void shouldStayPlainTextShowingTheIdsByDefaultAndForUnknownFormats() {
        for (String format : new String[] {null, "plain", "yaml"}) {
            ServiceLogging.Output out = ServiceLogging.logOneLine(ServiceLogging.mainLogbackXml(), format,
                    probe(), MDC, "plain probe " + format);

            assertEquals(1, out.lines().size(), format + ": " + out.lines());
            String line = out.lines().get(0);
            assertFalse(line.startsWith("{"), format + " must give plain text: " + line);
            assertTrue(line.contains("WARN") && line.contains("reportId=r-5c1b2d sourceId=src-0c1d - plain probe"),
                    format + ": " + line);
            assertTrue(out.problems().isEmpty(), "logback configuration warnings: " + out.problems());
        }
        ServiceLogging.Output bare = ServiceLogging.logOneLine(ServiceLogging.mainLogbackXml(), null,
                probe(), Map.of(), "no ids probe");
        assertTrue(bare.lines().get(0).endsWith(probe() + " - no ids probe"), bare.lines().get(0));
    }
}
