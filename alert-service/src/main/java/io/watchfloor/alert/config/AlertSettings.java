package io.watchfloor.alert.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Settings of alert-service under {@code watchfloor.alert}: where store-service answers (previews read recent
 * reports from it; alerts link to it), the read key it sends there when store-service requires one, and how far
 * back a preview looks, and when /health goes DOWN because the matching's stream threads keep failing
 * ({@code stalled-after-failures} within {@code stalled-window} with no record processed since the last failure).
 */
@ConfigurationProperties("watchfloor.alert")
public record AlertSettings(
        @Bindable(defaultValue = "http://localhost:8082") String storeUrl,
        @Bindable(defaultValue = "7d") Duration previewWindow,
        @Bindable(defaultValue = "500") int previewMaxReports,
        @Bindable(defaultValue = "1000000") int maxAlertBytes,
        @Nullable String storeReadKey,
        @Bindable(defaultValue = "3") int stalledAfterFailures,
        @Bindable(defaultValue = "5m") Duration stalledWindow) {
}
