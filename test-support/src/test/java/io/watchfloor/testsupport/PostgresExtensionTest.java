package io.watchfloor.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class PostgresExtensionTest {

    @Test
    void shouldConnectAsWatchfloorAndKeepDataAcrossAnOutage() throws SQLException {
        assertEquals(PostgresExtension.jdbcUrl(), System.getProperty("datasources.default.url"));
        assertEquals("watchfloor", System.getProperty("datasources.default.username"));
        String urlBefore = PostgresExtension.jdbcUrl();
        assertTrue(urlBefore.endsWith("/watchfloor"), urlBefore);

        try (Connection c = PostgresExtension.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE smoke (id int primary key, note text)");
            s.execute("INSERT INTO smoke VALUES (1, 'survives restarts')");
            ResultSet rs = s.executeQuery("SELECT current_user, current_database(), "
                    + "current_setting('server_version_num')::int / 10000");
            rs.next();
            assertEquals("watchfloor", rs.getString(1));
            assertEquals("watchfloor", rs.getString(2));
            assertEquals(17, rs.getInt(3));
        }

        PostgresExtension.stop();
        assertThrows(SQLException.class, () -> PostgresExtension.dataSource().getConnection().close());
        PostgresExtension.start();

        assertEquals(urlBefore, PostgresExtension.jdbcUrl());
        try (Connection c = PostgresExtension.dataSource().getConnection(); Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("SELECT note FROM smoke WHERE id = 1");
            assertTrue(rs.next());
            assertEquals("survives restarts", rs.getString(1));
        }
    }
}
