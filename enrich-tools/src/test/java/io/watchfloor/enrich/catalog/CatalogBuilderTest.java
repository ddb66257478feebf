package io.watchfloor.enrich.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchfloor.testsupport.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CatalogBuilderTest {

    private static byte[] resource(String name) throws Exception {
        try (InputStream in = CatalogBuilderTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void shouldRebuildTheCommittedCatalogByteForByte() throws Exception {
        Path data = SharedData.require("groups");
        CatalogBuilder builder = new CatalogBuilder(new ObjectMapper().readTree(resource("/catalog/curated-groups.json")));
        String rebuilt = new String(builder.build(data), StandardCharsets.UTF_8);
        String committed = new String(resource("/catalog/groups.json"), StandardCharsets.UTF_8);
        assertEquals(committed, rebuilt, "groups.json is stale: run CatalogBuilder (see groups-README.md)");
    }

    @Test
    void shouldRefuseXmlWithADoctype(@TempDir Path dir) throws Exception {
        Path xml = dir.resolve("un.xml");
        Files.writeString(xml, "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + "<CONSOLIDATED_LIST><ENTITIES><ENTITY><FIRST_NAME>&xxe;</FIRST_NAME></ENTITY></ENTITIES>"
                + "</CONSOLIDATED_LIST>");
        Exception e = assertThrows(Exception.class, () -> CatalogBuilder.readUn(xml));
        assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
    }

    @Test
    void shouldSplitRawAliasListsAndKeepAcronymsLast() {
        assertEquals(List.of("Al Jihad", "Egyptian Islamic Jihad", "AJ", "EIJ"),
                CatalogBuilder.cleanNames("Al Jihad (AJ), Egyptian Islamic Jihad (EIJ)."));
        assertEquals(List.of("Tamil Tigers", "Houthis"), CatalogBuilder.cleanNames("the Tamil Tigers; THE HOUTHIS".replace("THE HOUTHIS", "The Houthis")));
        assertTrue(CatalogBuilder.cleanNames("N/A").isEmpty());
    }

    @Test
    void shouldTreatAcronymLikeAliasesAsCaseSensitive() {
        assertTrue(CatalogBuilder.defaultCaseSensitive("ISKP"));
        assertTrue(CatalogBuilder.defaultCaseSensitive("LeT"));
        assertTrue(CatalogBuilder.defaultCaseSensitive("M23"));
        assertTrue(!CatalogBuilder.defaultCaseSensitive("Hamas"));
        assertTrue(!CatalogBuilder.defaultCaseSensitive("Islamic State"));
    }
}
