package io.watchfloor.enrich.domain.catalog;

import java.util.List;

/**
 * A mention of {@code group} means {@code variant} when its sentence names one of {@code cues} and none of
 * {@code blockingCues}: "Taliban militants ... in Khyber Pakhtunkhwa" are the Pakistani Taliban.
 */
public record ContextVariant(String group, String variant, List<String> cues, List<String> blockingCues) {

    public ContextVariant {
        cues = cues == null ? List.of() : List.copyOf(cues);
        blockingCues = blockingCues == null ? List.of() : List.copyOf(blockingCues);
    }
}
