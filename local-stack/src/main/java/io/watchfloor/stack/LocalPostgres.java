package io.watchfloor.stack;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Embedded PostgreSQL 17 (zonky binaries) with a persistent data directory, run from the stack's JVM.
 * Creates the {@code watchfloor} role and database on first start.
 */
final class LocalPostgres implements AutoCloseable {

    static final String DATABASE = "watchfloor";
    static final String USER = "watchfloor";
    static final String PASSWORD = "watchfloor";

    private final StackOptions options;
    private EmbeddedPostgres postgres;

    LocalPostgres(StackOptions options) {
        this.options = options;
    }

    void start() throws IOException {
        String durability = options.postgresFsync() ? "on" : "off";
        try {
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(options.postgresDir())
                    .setCleanDataDirectory(false)
                    .setPort(options.postgresPort())
                    .setRegisterShutdownHook(false)
                    .setServerConfig("fsync", durability)
                    .setServerConfig("synchronous_commit", durability)
                    .setServerConfig("full_page_writes", durability)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "100")
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(
                            options.logsDir().resolve("postgres.log").toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(
                            options.logsDir().resolve("postgres.log").toFile()))
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Embedded PostgreSQL did not start on port " + options.postgresPort()
                    + " with data in " + options.postgresDir() + ": " + e.getMessage()
                    + ". If the port is taken, stop the other server or set WATCHFLOOR_PG_PORT; see "
                    + options.logsDir().resolve("postgres.log"), e);
        }
        ensureDatabase(postgres.getPostgresDatabase());
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

    @Override
    public void close() throws IOException {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }
}
