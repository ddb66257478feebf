package io.watchfloor.store.domain.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class Uuid5Test {
    private static final UUID DNS = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

    @Test
    void shouldMatchTheReferenceValueOfPythonsUuid5() {
        // python3 -c "import uuid; print(uuid.uuid5(uuid.NAMESPACE_DNS, 'www.example.com'))"
        assertEquals(UUID.fromString("2ed6657d-e927-568b-95e1-2665a8aea6a2"), Uuid5.of(DNS, "www.example.com"));
    }

    @Test
    void shouldBeVersion5WithTheIetfVariantAndDependOnTheName() {
        UUID id = Uuid5.of(StixMapper.NAMESPACE, "threat-actor:iskp");
        assertEquals(5, id.version());
        assertEquals(2, id.variant());
        assertEquals(id, Uuid5.of(StixMapper.NAMESPACE, "threat-actor:iskp"));
        assertNotEquals(id, Uuid5.of(StixMapper.NAMESPACE, "threat-actor:ttp"));
    }

    @Test
    void shouldDeriveTheStixNamespaceFromTheDocumentedName() {
        UUID url = UUID.fromString("6ba7b811-9dad-11d1-80b4-00c04fd430c8");
        assertEquals(StixMapper.NAMESPACE, Uuid5.of(url, "urn:watchfloor:stix-2.1"));
        assertEquals(MispMapper.NAMESPACE, Uuid5.of(url, "urn:watchfloor:misp"));
    }
}
