package io.watchfloor.enrich.topology;

import io.watchfloor.schemas.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Turns a failed record into a dead letter: the original bytes plus where it came from and why. */
final class DeadLetters {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DeadLetters.class);
    private static final int MAX_MESSAGE = 1000;
    private final String service;
    private final Clock clock;
    private final Optional<RecordMetadata> metadata;

    DeadLetters(String service, Clock clock, Optional<RecordMetadata> metadata) {
        this.service = service;
        this.clock = clock;
        this.metadata = metadata;
    }

    FixedKeyRecord<String, EnrichTopology.Routed> route(FixedKeyRecord<String, byte[]> record, byte[] original,
                                                        String stage, Throwable error) {
        LOG.warn("Dead-lettering record {} from {} at stage {}: {}", record.key(),
                metadata.map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse("?"), stage,
                error.toString());
        Headers headers = record.headers();
        metadata.ifPresent(m -> {
            put(headers, DeadLetterHeaders.TOPIC, m.topic());
            put(headers, DeadLetterHeaders.PARTITION, Integer.toString(m.partition()));
            put(headers, DeadLetterHeaders.OFFSET, Long.toString(m.offset()));
        });
        put(headers, DeadLetterHeaders.STAGE, stage);
        put(headers, DeadLetterHeaders.ERROR_CLASS, error.getClass().getName());
        put(headers, DeadLetterHeaders.ERROR_MESSAGE, truncate(String.valueOf(error.getMessage())));
        put(headers, DeadLetterHeaders.SERVICE, service);
        put(headers, DeadLetterHeaders.TIMESTAMP, clock.instant().toString());
        return record.withValue(new EnrichTopology.Routed(true, original)).withHeaders(headers);
    }

    private static void put(Headers headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String truncate(String s) {
        return s.length() <= MAX_MESSAGE ? s : s.substring(0, MAX_MESSAGE) + "...";
    }
}
