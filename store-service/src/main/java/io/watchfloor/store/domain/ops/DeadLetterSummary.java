package io.watchfloor.store.domain.ops;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The dead-letter topic at a glance: how many records it holds (exact, from its offsets), how many of the
 * newest ({@code sampled}) fall under each stage, service and error class, and the newest few.
 */
public record DeadLetterSummary(String topic, long total, long sampled, Map<String, Long> byStage,
                                Map<String, Long> byService, Map<String, Long> byError, List<Letter> newest) {

    /** One dead letter: where the original record was and why it was refused. */
    public record Letter(Instant time, String key, String stage, String service, String errorClass,
                         String errorMessage, String originalTopic, String originalPartition,
                         String originalOffset) {
    }
}
