package io.watchfloor.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * JUnit 5 extension with one embedded PostgreSQL 17 per test JVM (database, user and password
 * {@code watchfloor}). {@link #stop()} and {@link #start()} simulate an outage: same port, same data.
 */
public final class PostgresExtension implements BeforeAllCallback {

    private static final String DATABASE = "watchfloor";
    private static final String USER = "watchfloor";
    private static final String PASSWORD = "watchfloor";

    private static final Object LOCK = new Object();
    private static EmbeddedPostgres postgres;
    private static Path dataDirectory;
    private static int port;
    private static boolean hookInstalled;

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    /** Starts the database if it is not running (first call: initdb and create the watchfloor database). */
    public static void start() {
        synchronized (LOCK) {
            if (postgres != null) {
                return;
            }
            boolean first = dataDirectory == null;
            try {
                if (first) {
                    dataDirectory = Files.createTempDirectory("watchfloor-pg-");
                }
                EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                        .setDataDirectory(dataDirectory)
                        .setCleanDataDirectory(false)
                        .setRegisterShutdownHook(false)
                        // zonky turns it off; on, an acknowledged commit survives a killed server
                        .setServerConfig("synchronous_commit", "on");
                if (!first) {
                    builder.setPort(port);
                }
                postgres = builder.start();
                port = postgres.getPort();
                if (first) {
                    createDatabase(postgres.getPostgresDatabase());
                }
            } catch (IOException e) {
                throw new IllegalStateException("Could not start embedded PostgreSQL in " + dataDirectory
                        + (first ? "" : " on port " + port + " (is the port taken?)") + ": " + e.getMessage(), e);
            }
            System.setProperty("datasources.default.url", jdbcUrl());
            System.setProperty("datasources.default.username", USER);
            System.setProperty("datasources.default.password", PASSWORD);
            if (!hookInstalled) {
                hookInstalled = true;
                Runtime.getRuntime().addShutdownHook(new Thread(PostgresExtension::shutdown,
                        "embedded-postgres-shutdown"));
            }
        }
    }

    /** Stops the database, keeping port and data, so a later {@link #start()} brings the same data back. */
    public static void stop() {
        synchronized (LOCK) {
            if (postgres == null) {
                return;
            }
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not stop embedded PostgreSQL", e);
            } finally {
                postgres = null;
            }
        }
    }

    /** Whether the database is currently running. */
    public static boolean isRunning() {
        synchronized (LOCK) {
            return postgres != null;
        }
    }

    /** JDBC URL of the watchfloor database (starts the database on first use). */
    public static String jdbcUrl() {
        ensureStarted();
        return "jdbc:postgresql://localhost:" + port + "/" + DATABASE;
    }

    /** The TCP port the database listens on. */
    public static int port() {
        ensureStarted();
        return port;
    }

    /** Database user. */
    public static String user() {
        return USER;
    }

    /** Database password. */
    public static String password() {
        return PASSWORD;
    }

    /** A plain (non-pooled) DataSource for the watchfloor database. */
    public static DataSource dataSource() {
        ensureStarted();
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {"localhost"});
        ds.setPortNumbers(new int[] {port});
        ds.setDatabaseName(DATABASE);
        ds.setUser(USER);
        ds.setPassword(PASSWORD);
        return ds;
    }

    private static void ensureStarted() {
        synchronized (LOCK) {
            if (dataDirectory == null) {
                start();
            }
        }
    }

    private static void createDatabase(DataSource admin) {
        try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
            s.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + DATABASE + ": " + e.getMessage(), e);
        }
    }

    private static void shutdown() {
        try {
            stop();
        } catch (RuntimeException e) {
            System.err.println("Embedded PostgreSQL did not stop cleanly: " + e);
        }
        Path dir = dataDirectory;
        if (dir != null) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                System.err.println("Could not delete " + dir + ": " + e);
            }
        }
    }
}
