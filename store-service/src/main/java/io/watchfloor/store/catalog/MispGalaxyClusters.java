package io.watchfloor.store.catalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The MISP galaxy clusters the catalog's references name ({@code misp/galaxy-clusters.tsv}): Canada's listed
 * terrorist entities by list number and MITRE ATT&CK intrusion sets by group id, each with its galaxy tag.
 */
public final class MispGalaxyClusters {
    public static final String RESOURCE = "/misp/galaxy-clusters.tsv";

    /** One cluster: its galaxy type, the catalog reference (canada, mitre) and id naming it, value and uuid. */
    public record Cluster(String galaxy, String ref, String id, String value, String uuid) {
        /** The MISP tag that attaches the cluster, e.g. {@code misp-galaxy:mitre-intrusion-set="APT28 - G0007"}. */
        public String tag() {
            return "misp-galaxy:" + galaxy + "=\"" + value + "\"";
        }
    }

    private final Map<String, Cluster> byRef;
    private final List<Cluster> all;

    MispGalaxyClusters(List<Cluster> clusters) {
        Map<String, Cluster> map = new HashMap<>();
        for (Cluster c : clusters) {
            map.put(c.ref() + "|" + c.id(), c);
        }
        this.byRef = Map.copyOf(map);
        this.all = List.copyOf(clusters);
    }

    public static MispGalaxyClusters fromClasspath() {
        try (InputStream in = MispGalaxyClusters.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            List<Cluster> clusters = new ArrayList<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length != 5) {
                    throw new IllegalStateException(RESOURCE + ": expected 5 tab-separated columns: " + line);
                }
                clusters.add(new Cluster(f[0], f[1], f[2], f[3], f[4]));
            }
            return new MispGalaxyClusters(clusters);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }

    /** The cluster a catalog reference names: {@code ("mitre", "G0007")}, {@code ("canada", "37")}. */
    public Optional<Cluster> find(String ref, String id) {
        return Optional.ofNullable(byRef.get(ref + "|" + id));
    }

    public List<Cluster> all() {
        return all;
    }
}
