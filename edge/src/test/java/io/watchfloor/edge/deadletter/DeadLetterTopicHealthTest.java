package io.watchfloor.edge.deadletter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthResult;
import io.watchfloor.schemas.Topics;
import io.watchfloor.testsupport.Publishers;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsResult;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.internals.KafkaFutureImpl;
import org.junit.jupiter.api.Test;

/** The deadLetterTopic /health entry over a scripted sequence of broker answers (RELIABILITY test 8). */
class DeadLetterTopicHealthTest {

    /** Answers in order: a State, or an exception to throw. */
    private static DeadLetterTopicHealth.Lookup scripted(Deque<Object> answers, List<String> asked) {
        return topic -> {
            asked.add(topic);
            Object next = answers.removeFirst();
            if (next instanceof Exception e) {
                throw e;
            }
            return (DeadLetterTopicHealth.State) next;
        };
    }

    private static HealthResult result(DeadLetterTopicHealth health) {
        return Publishers.first(health.getResult());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> details(HealthResult r) {
        return (Map<String, Object>) r.getDetails();
    }

    @Test
    void shouldBeDownWithTheReasonWhileTheTopicIsMissingAndUpOnceItIsBack() {
        Deque<Object> answers = new ArrayDeque<>(List.of(DeadLetterTopicHealth.State.EXISTS,
                DeadLetterTopicHealth.State.MISSING, new TimeoutException("broker not answering"),
                DeadLetterTopicHealth.State.EXISTS));
        List<String> asked = new java.util.ArrayList<>();
        DeadLetterTopicHealth health = new DeadLetterTopicHealth(Topics.REPORTS_DLQ,
                DeadLetterTopicHealth.STREAMS_CONSEQUENCE, scripted(answers, asked), null, null);
        // not asked yet: UP (the kafka entry covers a broker that does not answer)
        assertEquals(HealthStatus.UP, result(health).getStatus());

        health.refresh();
        HealthResult up = result(health);
        assertEquals(HealthStatus.UP, up.getStatus());
        assertEquals("deadLetterTopic", up.getName());
        assertEquals(Topics.REPORTS_DLQ, details(up).get("topic"));
        assertFalse(details(up).containsKey("reason"));

        health.refresh();
        HealthResult down = result(health);
        assertEquals(HealthStatus.DOWN, down.getStatus());
        String reason = String.valueOf(details(down).get("reason"));
        assertTrue(reason.contains("dead-letter topic " + Topics.REPORTS_DLQ + " does not exist"), reason);
        assertTrue(reason.contains("nothing is skipped or lost"), reason);
        assertTrue(reason.contains("Create the topic again"), reason);

        // no answer: the last state stays, with the error
        health.refresh();
        HealthResult unanswered = result(health);
        assertEquals(HealthStatus.DOWN, unanswered.getStatus());
        assertTrue(String.valueOf(details(unanswered).get("lastLookupError")).contains("broker not answering"));

        health.refresh();
        HealthResult back = result(health);
        assertEquals(HealthStatus.UP, back.getStatus());
        assertFalse(details(back).containsKey("lastLookupError"));
        assertEquals(List.of(Topics.REPORTS_DLQ, Topics.REPORTS_DLQ, Topics.REPORTS_DLQ, Topics.REPORTS_DLQ), asked);
        health.close();
    }

    @Test
    void shouldTellAMissingTopicFromABrokerThatDoesNotAnswer() throws Exception {
        Admin missing = adminAnswering(new UnknownTopicOrPartitionException("This server does not host it"));
        assertEquals(DeadLetterTopicHealth.State.MISSING,
                DeadLetterTopicHealth.admin(missing, java.time.Duration.ofSeconds(1)).lookup(Topics.REPORTS_DLQ));
        Admin exists = adminAnswering(null);
        assertEquals(DeadLetterTopicHealth.State.EXISTS,
                DeadLetterTopicHealth.admin(exists, java.time.Duration.ofSeconds(1)).lookup(Topics.REPORTS_DLQ));
        Admin failing = adminAnswering(new org.apache.kafka.common.errors.TimeoutException("no answer"));
        try {
            DeadLetterTopicHealth.admin(failing, java.time.Duration.ofSeconds(1)).lookup(Topics.REPORTS_DLQ);
            throw new AssertionError("a broker that does not answer must not count as a missing topic");
        } catch (ExecutionException expected) {
            assertTrue(expected.getCause() instanceof org.apache.kafka.common.errors.TimeoutException);
        }
    }

    /** An Admin whose describeTopics fails with {@code error}, or succeeds when it is null. */
    private static Admin adminAnswering(Exception error) {
        KafkaFutureImpl<Map<String, org.apache.kafka.clients.admin.TopicDescription>> future = new KafkaFutureImpl<>();
        if (error == null) {
            future.complete(Map.of());
        } else {
            future.completeExceptionally(error);
        }
        DescribeTopicsResult result = new DescribeTopicsResult(null, Map.of()) {
            @Override
            public KafkaFuture<Map<String, org.apache.kafka.clients.admin.TopicDescription>> allTopicNames() {
                return future;
            }
        };
        return (Admin) java.lang.reflect.Proxy.newProxyInstance(Admin.class.getClassLoader(),
                new Class<?>[] {Admin.class}, (proxy, method, args) -> {
                    if (method.getName().equals("describeTopics")) {
                        return result;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
