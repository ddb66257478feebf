package io.watchfloor.enrich.eval;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.watchfloor.enrich.domain.EntityFinding;
import io.watchfloor.enrich.domain.Evidence;
import io.watchfloor.enrich.domain.Provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** re3d reading: every proposed annotation by default, only the accepted ones above a minimum confidence. */
class EntityEvalTest {

    @Test
    void shouldKeepEveryRe3dReadingByDefaultAndOnlyTheAcceptedOnesAboveAMinimumConfidence(@TempDir Path sub)
            throws Exception {
        Files.writeString(sub.resolve("documents.json"),
                "{ \"_id\" : \"d1\", \"text\" : \"Troops left northern Varnholt and the Brevadi Council met.\" }\n");
        Files.writeString(sub.resolve("entities.json"), String.join("\n",
                "{ \"_id\" : \"a\", \"begin\" : 12, \"end\" : 29, \"type\" : \"Location\", \"value\" : \"northern "
                        + "Varnholt\", \"documentId\" : \"d1\", \"confidence\" : 0.97 }",
                "{ \"_id\" : \"b\", \"begin\" : 21, \"end\" : 29, \"type\" : \"Location\", \"value\" : \"Varnholt\", "
                        + "\"documentId\" : \"d1\", \"confidence\" : 0 }",
                "{ \"_id\" : \"c\", \"begin\" : 34, \"end\" : 53, \"type\" : \"Organisation\", \"value\" : \"the "
                        + "Brevadi Council\", \"documentId\" : \"d1\", \"confidence\" : 1 }",
                "{ \"_id\" : \"d\", \"begin\" : 38, \"end\" : 45, \"type\" : \"Nationality\", \"value\" : \"Brevadi\", "
                        + "\"documentId\" : \"d1\", \"confidence\" : 1 }") + "\n");

        List<EntityEval.Ent> all = EntityEval.readRe3d(sub).get(0).gold();
        List<EntityEval.Ent> accepted = EntityEval.readRe3d(sub, 0.5).get(0).gold();

        assertEquals(List.of(new EntityEval.Ent("LOCATION", 12, 29), new EntityEval.Ent("LOCATION", 21, 29),
                new EntityEval.Ent("ORGANIZATION", 34, 53)), all);
        assertEquals(List.of(new EntityEval.Ent("LOCATION", 12, 29), new EntityEval.Ent("ORGANIZATION", 34, 53)),
                accepted);
    }

    @Test
    void shouldScoreRe3dOnMentionExtentsAndWikigoldOnNames() {
        String text = "Engineers inspected the Qarsh Dam.";
        // one prediction: the name "Qarsh Dam" with the extent "the Qarsh Dam"
        EntityFinding dam = new EntityFinding("LOCATION", null, "Qarsh Dam", 0.8, new Provenance("t", "1"),
                List.of(new Evidence(Evidence.TEXT, 24, 33, "Qarsh Dam", 20, 33)), Map.of());
        List<EntityEval.Doc> extentGold = List.of(new EntityEval.Doc("d", text,
                List.of(new EntityEval.Ent("LOCATION", 20, 33))));
        List<EntityEval.Doc> nameGold = List.of(new EntityEval.Doc("d", text,
                List.of(new EntityEval.Ent("LOCATION", 24, 33))));

        assertEquals(1, EntityEval.score(r -> List.of(dam), extentGold, null, "re3d (all)", null)
                .get("LOCATION").exactTp);
        assertEquals(1, EntityEval.score(r -> List.of(dam), nameGold, null, "wikigold (all)", null)
                .get("LOCATION").exactTp);
        assertEquals(0, EntityEval.score(r -> List.of(dam), nameGold, null, "re3d (all)", null)
                .get("LOCATION").exactTp);
    }
}
