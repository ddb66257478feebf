package io.watchfloor.edge.deadletter;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A consumed record that cannot be used, the stage that refused it, and why. */
public record DeadLetter(ConsumerRecord<String, byte[]> record, String stage, Throwable error) {

    public DeadLetterOrigin origin() {
        return new DeadLetterOrigin(record.topic(), record.partition(), record.offset());
    }
}
