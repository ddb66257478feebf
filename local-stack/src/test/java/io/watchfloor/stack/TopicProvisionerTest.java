package io.watchfloor.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.watchfloor.schemas.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class TopicProvisionerTest {

    @Test
    void shouldRequestEveryTopicWithItsPartitionsAndCleanupPolicy() {
        List<NewTopic> requests = TopicProvisioner.requests(Topics.ALL);
        Map<String, NewTopic> byName = requests.stream().collect(Collectors.toMap(NewTopic::name, t -> t));
        assertEquals(Topics.ALL.size(), byName.size());
        for (Topics.TopicSpec spec : Topics.ALL) {
            NewTopic topic = byName.get(spec.name());
            assertEquals(spec.partitions(), topic.numPartitions(), spec.name());
            assertEquals((short) 1, topic.replicationFactor(), spec.name());
            assertEquals(spec.compacted() ? "compact" : "delete", topic.configs().get("cleanup.policy"), spec.name());
        }
        assertEquals("compact", byName.get(Topics.SCHEMAS).configs().get("cleanup.policy"));
        assertEquals(6, byName.get(Topics.REPORTS_RAW).numPartitions());
        assertEquals("compact", byName.get(Topics.REPORTS_RAW).configs().get("cleanup.policy"),
                "every raw report is kept (latest per id) so it can be reprocessed");
    }
}
