package io.watchfloor.stack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.watchfloor.schemas.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates every topic in {@link Topics#ALL} with its partitions and cleanup policy; existing topics stay. */
final class TopicProvisioner {

    private TopicProvisioner() {
    }

    /** The NewTopic requests for the given specs (replication factor 1: one broker). */
    static List<NewTopic> requests(List<Topics.TopicSpec> specs) {
        List<NewTopic> topics = new ArrayList<>();
        for (Topics.TopicSpec spec : specs) {
            NewTopic topic = new NewTopic(spec.name(), spec.partitions(), (short) 1);
            topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
                    spec.compacted() ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE));
            topics.add(topic);
        }
        return topics;
    }

    /** Creates the topics; returns how many were new. */
    static int createAll(String bootstrapServers) throws InterruptedException {
        int created = 0;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            for (var entry : admin.createTopics(requests(Topics.ALL)).values().entrySet()) {
                try {
                    entry.getValue().get(60, TimeUnit.SECONDS);
                    created++;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Could not create topic " + entry.getKey() + ": "
                                + e.getCause().getMessage(), e.getCause());
                    }
                } catch (TimeoutException e) {
                    throw new IllegalStateException("Timed out creating topic " + entry.getKey(), e);
                }
            }
        }
        return created;
    }
}
