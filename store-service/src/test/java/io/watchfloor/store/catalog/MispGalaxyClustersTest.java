package io.watchfloor.store.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchfloor.enrich.domain.catalog.GroupCatalog;
import io.watchfloor.testsupport.SharedData;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class MispGalaxyClustersTest {

    @Test
    void shouldMatchTheMispGalaxyFilesItWasDerivedFrom() throws IOException {
        List<MispGalaxyClusters.Cluster> expected = new ArrayList<>();
        expected.addAll(clusters("groups/misp-galaxy-terrorist-groups.json", "canada", "id"));
        expected.addAll(clusters("groups/misp-galaxy-mitre-intrusion-set.json", "mitre", "external_id"));
        expected.sort(Comparator.comparing(MispGalaxyClusters.Cluster::galaxy)
                .thenComparing(MispGalaxyClusters.Cluster::id));

        assertEquals(expected, MispGalaxyClusters.fromClasspath().all());
    }

    @Test
    void shouldFindTheClusterOfEveryCanadaAndAttackReferenceInTheCatalog() {
        MispGalaxyClusters clusters = MispGalaxyClusters.fromClasspath();
        List<String> missing = new ArrayList<>();
        for (var g : GroupCatalog.fromClasspath().groups()) {
            for (String ref : List.of("canada", "mitre")) {
                String id = g.externalRefs().get(ref);
                if (id != null && clusters.find(ref, id).isEmpty()) {
                    missing.add(g.id() + " " + ref + "=" + id);
                }
            }
        }
        assertEquals(List.of(), missing);
        assertEquals("misp-galaxy:canada-listed-terrorist-entities=\"Tehrik-e-Taliban Pakistan (TTP)\"",
                clusters.find("canada", "54").orElseThrow().tag());
        assertTrue(clusters.find("mitre", "G0007").orElseThrow().tag().endsWith("=\"APT28 - G0007\""));
    }

    private static List<MispGalaxyClusters.Cluster> clusters(String file, String ref, String idField)
            throws IOException {
        JsonNode galaxy = new ObjectMapper().readTree(SharedData.require(file).toFile());
        List<MispGalaxyClusters.Cluster> out = new ArrayList<>();
        for (JsonNode v : galaxy.get("values")) {
            out.add(new MispGalaxyClusters.Cluster(galaxy.get("type").asText(), ref,
                    v.get("meta").get(idField).asText(), v.get("value").asText(), v.get("uuid").asText()));
        }
        return out;
    }
}
