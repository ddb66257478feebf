package io.watchfloor.schemas;

/** Header names every dead letter carries, so operators can find and replay the original record. */
public final class DeadLetterHeaders {
    public static final String TOPIC = "dlq.original.topic";
    public static final String PARTITION = "dlq.original.partition";
    public static final String OFFSET = "dlq.original.offset";
    public static final String STAGE = "dlq.stage";
    public static final String ERROR_CLASS = "dlq.error.class";
    public static final String ERROR_MESSAGE = "dlq.error.message";
    public static final String SERVICE = "dlq.service";
    public static final String TIMESTAMP = "dlq.timestamp";
    /** Set when the original value was too large for the dead-letter topic and was left out. */
    public static final String VALUE_OMITTED = "dlq.value.omitted";
    /**
     * {@code true} when the dead letter's value is only the first bytes of the original record's value: the whole
     * would not fit the writer's producer ({@code max.request.size}). The original is still at
     * {@link #TOPIC}/{@link #PARTITION}/{@link #OFFSET} (until the topic's retention removes it).
     */
    public static final String VALUE_TRUNCATED = "dlq.value.truncated";
    /** With {@link #VALUE_TRUNCATED}: the original value's size in bytes (decimal). */
    public static final String VALUE_ORIGINAL_BYTES = "dlq.value.original.bytes";

    private DeadLetterHeaders() {
    }
}
