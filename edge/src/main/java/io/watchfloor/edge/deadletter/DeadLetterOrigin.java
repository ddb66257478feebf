package io.watchfloor.edge.deadletter;

/** Where a dead-lettered record was read: its topic, partition and offset. */
public record DeadLetterOrigin(String topic, int partition, long offset) {

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}
