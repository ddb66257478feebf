package io.watchfloor.stack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;

/**
 * "Ready means ready": the stack is ready only when every pipeline consumer group is stable and owns every
 * partition of the topic it reads, so the first report after start is handled as fast as the hundredth.
 */
final class ConsumerGroups {
    /** Each group the stack waits for, and the topic whose partitions it must own. */
    static final Map<String, String> PIPELINE = Map.of(
            "enrich-service", io.watchfloor.schemas.Topics.REPORTS_RAW,
            "store-service", io.watchfloor.schemas.Topics.REPORTS_ENRICHED,
            "alert-service", io.watchfloor.schemas.Topics.REPORTS_ENRICHED);

    private ConsumerGroups() {
    }

    /** Waits until every group in {@code groups} owns all partitions of its topic; returns the groups that do not. */
    static List<String> awaitAssigned(String bootstrap, Map<String, String> groups, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<String, Integer> partitions = new LinkedHashMap<>();
            for (String topic : Set.copyOf(groups.values())) {
                partitions.put(topic, admin.describeTopics(List.of(topic)).allTopicNames()
                        .get(30, TimeUnit.SECONDS).get(topic).partitions().size());
            }
            List<String> waiting = new ArrayList<>(groups.keySet());
            while (true) {
                waiting.removeIf(group -> assigned(admin, group, groups.get(group), partitions.get(groups.get(group))));
                if (waiting.isEmpty() || System.nanoTime() > deadline) {
                    return waiting;
                }
                Thread.sleep(250);
            }
        } catch (ExecutionException | TimeoutException e) {
            return new ArrayList<>(groups.keySet());
        }
    }

    private static boolean assigned(Admin admin, String group, String topic, int partitions) {
        try {
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all()
                    .get(5, TimeUnit.SECONDS).get(group);
            if (d == null || d.groupState() != GroupState.STABLE) {
                return false;
            }
            long owned = d.members().stream().map(MemberDescription::assignment)
                    .flatMap(a -> a.topicPartitions().stream()).map(TopicPartition::topic)
                    .filter(topic::equals).count();
            return owned >= partitions;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
