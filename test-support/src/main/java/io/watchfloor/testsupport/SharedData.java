package io.watchfloor.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The project's shared reference data ({@code shared/data}, beside the repository, never copied into it).
 * Tests that need it skip when it is missing on a developer's machine, but fail under CI ({@code CI=true}), so
 * those checks can never silently stop running there.
 */
public final class SharedData {
    private SharedData() {
    }

    /** {@code shared/data} found beside the repository (walking up from the working directory), or null. */
    public static Path dataDir() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("data");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * The file or directory at {@code relative} under {@code shared/data}; skips the calling test when it is
     * missing, or fails it when the environment variable {@code CI} is {@code true}.
     */
    public static Path require(String relative) {
        Path dir = dataDir();
        Path path = dir == null ? null : dir.resolve(relative);
        if (path != null && Files.exists(path)) {
            return path;
        }
        String what = "shared/data/" + relative + " not found beside the repository (looked up from "
                + Path.of("").toAbsolutePath() + ")";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(what + ": under CI this check must run; put shared/ beside the checkout");
        }
        Assumptions.abort(what + "; skipping (this fails under CI=true)");
        return null;
    }

    /** The seed article the project started from. */
    public static Path seedArticle() {
        return require("samples/seed-article-pakistan-us-counterterrorism.txt");
    }
}
