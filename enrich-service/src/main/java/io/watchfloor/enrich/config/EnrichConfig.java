package io.watchfloor.enrich.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.util.Map;

/** Settings of enrich-service under {@code watchfloor.enrich}. */
@ConfigurationProperties("watchfloor.enrich")
public record EnrichConfig(
        @Bindable(defaultValue = "enrich-service") String applicationId,
        @Bindable(defaultValue = "1000000") int maxRecordBytes,
        @Bindable(defaultValue = "2") int streamThreads,
        @Bindable(defaultValue = "/tmp/watchfloor-enrich-state") String stateDir,
        @Bindable(defaultValue = "1000") long commitIntervalMs,
        Map<String, String> streams) {
}
