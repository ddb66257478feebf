package io.watchfloor.ingest.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Settings of the watched drop directory under {@code watchfloor.drop}: {@code dir} (env WATCHFLOOR_DROP_DIR;
 * blank = off), how often it is scanned, how long a file must be unchanged before it is taken, and the size cap.
 */
@ConfigurationProperties("watchfloor.drop")
public record DropProperties(
        @Nullable String dir,
        @Bindable(defaultValue = "2s") Duration scanInterval,
        @Bindable(defaultValue = "1s") Duration settle,
        @Bindable(defaultValue = "1048576") long maxFileBytes) {

    public boolean enabled() {
        return dir != null && !dir.isBlank();
    }
}
