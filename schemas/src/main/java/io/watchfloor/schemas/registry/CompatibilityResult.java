package io.watchfloor.schemas.registry;

import java.util.List;

/** The registry's answer to "could this schema be registered under the subject?", with its reasons. */
public record CompatibilityResult(boolean compatible, List<String> messages) {
    public CompatibilityResult {
        messages = List.copyOf(messages);
    }
}
