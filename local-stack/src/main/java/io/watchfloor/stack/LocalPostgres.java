package io.watchfloor.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Embedded PostgreSQL 17 (zonky binaries) with a persistent data directory, run from the stack's JVM.
 * Creates the {@code watchfloor} role and database on first start.
 */
final class LocalPostgres implements Component {

    static final String NAME = "postgres";
    static final String DATABASE = "watchfloor";
    static final String USER = "watchfloor";
    static final String PASSWORD = "watchfloor";

    private final StackOptions options;
    private volatile EmbeddedPostgres postgres;

    LocalPostgres(StackOptions options) {
        this.options = options;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Starts the server (blocking until it accepts connections) and creates role and database if needed. */
    @Override
    public synchronized void launch() throws IOException {
        if (postgres != null) {
            return;
        }
        if (!LocalStack.isFree(options.postgresPort())) {
            throw new IllegalStateException("Port " + options.postgresPort() + " (WATCHFLOOR_PG_PORT) is taken by "
                    + "another program; stop it or choose another port");
        }
        String durability = options.postgresFsync() ? "on" : "off";
        try {
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(options.postgresDir())
                    .setCleanDataDirectory(false)
                    .setPort(options.postgresPort())
                    .setRegisterShutdownHook(false)
                    .setServerConfig("fsync", durability)
                    .setServerConfig("full_page_writes", durability)
                    // always on: with it off a crash (kill -9) loses acknowledged commits, even without fsync
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "100")
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log().toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log().toFile()))
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Embedded PostgreSQL did not start on port " + options.postgresPort()
                    + " with data in " + options.postgresDir() + ": " + e.getMessage()
                    + ". If the port is taken, stop the other server or set WATCHFLOOR_PG_PORT; see " + log(), e);
        }
        try {
            verifyOwnServer(postgres.getPostgresDatabase());
            ensureDatabase(postgres.getPostgresDatabase());
        } catch (RuntimeException e) {
            stop(false);
            throw e;
        }
    }

    @Override
    public void awaitReady() {
        // launch() returns once the server accepts connections
    }

    private Path log() {
        return options.logsDir().resolve("postgres.log");
    }

    /** The port may have been grabbed by another server between the port check and our start. */
    private void verifyOwnServer(DataSource admin) {
        try (Connection c = admin.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW data_directory")) {
            rs.next();
            Path served = Path.of(rs.getString(1)).toRealPath();
            if (!served.equals(options.postgresDir().toRealPath())) {
                throw new IllegalStateException("Port " + options.postgresPort() + " is served by another "
                        + "PostgreSQL (data in " + served + "); stop it or set WATCHFLOOR_PG_PORT");
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("Cannot check the PostgreSQL on port " + options.postgresPort() + ": "
                    + e.getMessage(), e);
        }
    }

    private static void ensureDatabase(DataSource admin) {
        try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
            if (!exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", USER)) {
                s.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
            }
            if (!exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", DATABASE)) {
                s.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the " + DATABASE + " database: " + e.getMessage(), e);
        }
    }

    private static boolean exists(Connection c, String sql, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Stops the server: a fast shutdown, or SIGKILL of the postmaster when {@code kill} (a crash; the next
     * start runs crash recovery).
     */
    @Override
    public synchronized void stop(boolean kill) {
        EmbeddedPostgres current = postgres;
        if (current == null) {
            return;
        }
        if (kill) {
            postmaster().ifPresent(ProcessHandle::destroyForcibly);
            postmaster().ifPresent(h -> h.onExit().join());
        }
        try {
            // after a kill this only releases zonky's lock on the data directory
            current.close();
        } catch (IOException e) {
            options.out().println("warning: PostgreSQL did not stop cleanly: " + e.getMessage());
        } finally {
            postgres = null;
        }
    }

    private Optional<ProcessHandle> postmaster() {
        Path pidFile = options.postgresDir().resolve("postmaster.pid");
        return Files.exists(pidFile) ? StackControl.readPid(pidFile).flatMap(ProcessHandle::of) : Optional.empty();
    }

    @Override
    public boolean isStarted() {
        return postgres != null;
    }

    @Override
    public Optional<ManagedProcess> process() {
        return Optional.empty();
    }
}
