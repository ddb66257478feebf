package io.watchfloor.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The broker's server.properties with and without the fault suite's proxied listener. */
class KafkaBrokerProcessTest {
    private static final int[] PORTS = {19092, 19093, 18081, 18080, 18082, 18083, 18085, 15433, 18084};

    private static StackOptions options() {
        return StackOptions.forTest(Path.of("/repo"), Path.of("/home"), PORTS, System.out);
    }

    private static List<String> lines(StackOptions options) {
        return KafkaBrokerProcess.config(options, options.brokerList().get(0), Path.of("/d")).lines().toList();
    }

    @Test
    void shouldHaveOnlyTheClientAndControllerListenersByDefault() {
        StackOptions options = options();
        assertNull(options.proxiedListener());
        List<String> config = lines(options);
        assertTrue(config.contains("listeners=PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093"), config
                .toString());
        assertTrue(config.contains("advertised.listeners=PLAINTEXT://127.0.0.1:19092"), config.toString());
        assertTrue(config.contains("listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT"),
                config.toString());
        assertTrue(config.stream().noneMatch(l -> l.contains("PROXIED")), config.toString());
        // ./watchfloor up's options have no proxied listener either
        assertNull(StackOptions.fromEnvironment(java.util.Map.of("WATCHFLOOR_REPO", "/opt/wf"), false)
                .proxiedListener());
    }

    @Test
    void shouldListenOnTheProxiedPortAndAdvertiseTheProxysPort() {
        StackOptions options = options().withProxiedListener(new StackOptions.ProxiedListener(29092, 29093));
        assertEquals(new StackOptions.ProxiedListener(29092, 29093), options.proxiedListener());
        List<String> config = lines(options);
        assertTrue(config.contains("listeners=PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093,"
                + "PROXIED://127.0.0.1:29092"), config.toString());
        assertTrue(config.contains("advertised.listeners=PLAINTEXT://127.0.0.1:19092,PROXIED://127.0.0.1:29093"),
                config.toString());
        assertTrue(config.contains("listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,"
                + "PROXIED:PLAINTEXT"), config.toString());
        // the brokers still talk to each other and the stack's clients still connect on PLAINTEXT
        assertTrue(config.contains("inter.broker.listener.name=PLAINTEXT"), config.toString());
        assertTrue(config.contains("controller.listener.names=CONTROLLER"), config.toString());
        assertEquals("127.0.0.1:19092", options.kafkaBootstrap());
        // kept by the other copies
        assertEquals(options.proxiedListener(), options.withDemoFeeds(true).withServices(true)
                .withKafkaJvmOptions(List.of("-Xmx1g")).proxiedListener());
        assertNull(options.withProxiedListener(null).proxiedListener());
    }

    @Test
    void shouldRefuseAProxiedListenerOnACluster() {
        StackOptions options = options().withProxiedListener(new StackOptions.ProxiedListener(29092, 29093));
        assertThrows(IllegalArgumentException.class, () -> options.withBrokers(3, 1, 2, 3, 4));
        assertThrows(IllegalArgumentException.class, () -> new StackOptions.ProxiedListener(29092, 29092));
        assertThrows(IllegalArgumentException.class, () -> new StackOptions.ProxiedListener(0, 29093));
    }
}
