package io.watchfloor.ingest.intake;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** Body of a batch answer: counts per outcome and one result per item, in input order. */
@Serdeable
public record BatchResponse(int accepted, int rejected, int failed, List<BatchItemResult> results) {

    static BatchResponse of(List<BatchItemResult> results) {
        int accepted = 0;
        int rejected = 0;
        int failed = 0;
        for (BatchItemResult r : results) {
            switch (r.status()) {
                case BatchItemResult.ACCEPTED -> accepted++;
                case BatchItemResult.REJECTED -> rejected++;
                default -> failed++;
            }
        }
        return new BatchResponse(accepted, rejected, failed, List.copyOf(results));
    }
}
