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
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates every topic in {@link Topics#ALL} with its partitions and cleanup policy; existing topics stay. */
final class TopicProvisioner {

    private TopicProvisioner() {
    }

    /** The NewTopic requests for the given specs (replication factor 1: one broker). */
    static List<NewTopic> requests(List<Topics.TopicSpec> specs) {
        return requests(specs, 1, 1);
    }

    /**
     * The NewTopic requests with a replication factor and min.insync.replicas (a cluster: 3 and 2, so an acks=all
     * write is acknowledged only once two brokers have it, and one broker may be down without refusing writes).
     */
    static List<NewTopic> requests(List<Topics.TopicSpec> specs, int replicationFactor, int minInsyncReplicas) {
        List<NewTopic> topics = new ArrayList<>();
        for (Topics.TopicSpec spec : specs) {
            NewTopic topic = new NewTopic(spec.name(), spec.partitions(), (short) replicationFactor);
            topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
                    spec.compacted() ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE,
                    TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInsyncReplicas)));
            topics.add(topic);
        }
        return topics;
    }

    /**
     * Creates the topics; returns how many were new. An existing topic whose cleanup policy differs from its spec
     * (a stack made before {@code threat.reports.raw.v1} became compacted) is altered to the spec's policy.
     */
    static int createAll(String bootstrapServers) throws InterruptedException {
        return createAll(bootstrapServers, 1, 1);
    }

    /** As {@link #createAll(String)}, with this replication factor and min.insync.replicas for new topics. */
    static int createAll(String bootstrapServers, int replicationFactor, int minInsyncReplicas)
            throws InterruptedException {
        int created = 0;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            alignCleanupPolicies(admin);
            for (var entry : admin.createTopics(requests(Topics.ALL, replicationFactor, minInsyncReplicas)).values().entrySet()) {
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

    private static void alignCleanupPolicies(Admin admin) throws InterruptedException {
        try {
            java.util.Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            for (Topics.TopicSpec spec : Topics.ALL) {
                if (!existing.contains(spec.name())) {
                    continue;
                }
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, spec.name());
                String policy = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS)
                        .get(resource).get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
                String wanted = spec.compacted() ? TopicConfig.CLEANUP_POLICY_COMPACT
                        : TopicConfig.CLEANUP_POLICY_DELETE;
                if (!wanted.equals(policy)) {
                    admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
                            new ConfigEntry(TopicConfig.CLEANUP_POLICY_CONFIG, wanted), AlterConfigOp.OpType.SET))))
                            .all().get(30, TimeUnit.SECONDS);
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not check the topics' cleanup policies: " + e.getMessage(), e);
        }
    }
}
