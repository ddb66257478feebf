package io.watchfloor.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeyTest {

    @TempDir
    Path home;

    @Test
    void shouldGenerate32HexCharactersThatDifferEachTime() {
        String first = ApiKey.generate();
        assertTrue(first.matches("[0-9a-f]{32}"), first);
        assertNotEquals(first, ApiKey.generate());
    }

    @Test
    void shouldCreateTheKeyFileOwnerOnlyAndReuseItOnTheNextStart() throws Exception {
        Path file = home.resolve("sub").resolve("api-key");
        String key = ApiKey.loadOrCreate(file);
        assertTrue(key.matches("[0-9a-f]{32}"), key);
        assertEquals(key, Files.readString(file).trim());
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
        assertEquals(key, ApiKey.loadOrCreate(file), "a restart must keep the key");
    }

    @Test
    void shouldKeepAKeyTheUserPutThereAndRefuseAFileThatHoldsNoKey() throws Exception {
        Path file = home.resolve("api-key");
        Files.writeString(file, "my-own-key-0123456789\n");
        assertEquals("my-own-key-0123456789", ApiKey.loadOrCreate(file));

        Files.writeString(file, "two,keys-0123456789");
        var error = assertThrows(IllegalStateException.class, () -> ApiKey.loadOrCreate(file));
        assertTrue(error.getMessage().contains("Delete it"), error.getMessage());
        Files.writeString(file, "");
        assertThrows(IllegalStateException.class, () -> ApiKey.loadOrCreate(file));
    }
}
