package io.watchfloor.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The stack's API key for ingest's write endpoints: 32 random hex characters kept in {@code <home>/api-key}
 * (owner read/write only), created on the first start and re-used afterwards.
 */
final class ApiKey {

    /** What a key in the file may look like: visible ASCII without comma (ingest splits the list at commas). */
    private static final Pattern VALID = Pattern.compile("[\\x21-\\x2b\\x2d-\\x7e]{16,255}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKey() {
    }

    /** A fresh key: 16 random bytes as 32 lower-case hex characters. */
    static String generate() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * Reads the key from {@code file}, or creates the file (mode 600 where the file system supports it) with a
     * new key. Throws with what to do when the file holds something that is not a key.
     */
    static String loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                String key = generate();
                try {
                    create(file, key);
                    return key;
                } catch (FileAlreadyExistsException raced) {
                    // another process created it first: use theirs
                }
            }
            String key = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (!VALID.matcher(key).matches()) {
                throw new IllegalStateException("The API key file " + file + " does not hold a key (16-255 visible "
                        + "ASCII characters, no comma). Delete it and start the stack again to get a new key.");
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the API key file " + file
                    + "; check the permissions of " + file.getParent(), e);
        }
    }

    private static void create(Path file, String key) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] bytes = (key + "\n").getBytes(StandardCharsets.UTF_8);
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
            Files.createFile(file, PosixFilePermissions.asFileAttribute(ownerOnly));
            Files.write(file, bytes, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        } else {
            Files.write(file, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
    }
}
