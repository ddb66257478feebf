package io.watchfloor.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * What {@code up} was told beyond the environment ({@code --brokers}, {@code --instances}), kept in
 * {@code run/stack.topology} so that {@code status}, {@code trace}, {@code dlq} and {@code reprocess} find every
 * broker and every service instance of the last stack started from this home.
 */
final class StackTopology {

    static final String FILE = "stack.topology";

    private StackTopology() {
    }

    static Path file(StackOptions options) {
        return options.runDir().resolve(FILE);
    }

    /** Writes the brokers' extra ports and the extra instances' ports (overwritten on every start). */
    static void write(StackOptions options, Map<String, String> instanceUrls) {
        Properties props = new Properties();
        props.setProperty("brokers", Integer.toString(options.brokers()));
        for (StackOptions.Broker broker : options.brokerList()) {
            props.setProperty("broker." + broker.nodeId(), broker.port() + ":" + broker.controllerPort());
        }
        instanceUrls.forEach((name, url) -> props.setProperty("instance." + name,
                url.substring(url.lastIndexOf(':') + 1)));
        try {
            Files.createDirectories(options.runDir());
            try (Writer out = Files.newBufferedWriter(file(options), StandardCharsets.UTF_8)) {
                props.store(out, "written by ./watchfloor up: the brokers and service instances of this stack");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file(options), e);
        }
    }

    /** The options with the brokers and instances of the last {@code up}, if it left its topology file. */
    static StackOptions apply(StackOptions options) {
        Path file = file(options);
        if (!Files.isRegularFile(file)) {
            return options;
        }
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
        } catch (IOException e) {
            return options;
        }
        try {
            int brokers = Integer.parseInt(props.getProperty("brokers", "1"));
            List<Integer> ports = new ArrayList<>();
            for (int n = 2; n <= brokers; n++) {
                for (String port : props.getProperty("broker." + n).split(":")) {
                    ports.add(Integer.parseInt(port));
                }
            }
            Map<String, Integer> counts = new LinkedHashMap<>();
            List<Integer> instancePorts = new ArrayList<>();
            for (String module : List.of("ingest-service", "enrich-service", "store-service", "alert-service")) {
                for (int i = 2; props.containsKey("instance." + module + "-" + i); i++) {
                    counts.put(module, i);
                    instancePorts.add(Integer.parseInt(props.getProperty("instance." + module + "-" + i)));
                }
            }
            return options.withBrokers(brokers, ports.stream().mapToInt(Integer::intValue).toArray())
                    .withInstances(counts, instancePorts);
        } catch (RuntimeException e) {
            // a damaged file: fall back to the environment alone
            return options;
        }
    }
}
