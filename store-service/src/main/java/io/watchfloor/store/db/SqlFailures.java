package io.watchfloor.store.db;

import java.sql.SQLException;

/**
 * Tells a record's fault from the database's: only data and constraint errors (SQLState classes 22,
 * 23, 54) are blamed on the record; everything else (connection loss, shutdown, missing table,
 * timeouts) is an outage to wait out, never a reason to dead-letter.
 */
public final class SqlFailures {
    private SqlFailures() {
    }

    /** True when the statement failed because of the record's content, so retrying cannot help. */
    public static boolean isRecordFault(SQLException e) {
        String state = e.getSQLState();
        if (state == null || state.length() < 2) {
            return false;
        }
        String cls = state.substring(0, 2);
        return cls.equals("22") || cls.equals("23") || cls.equals("54");
    }

    /** True when PostgreSQL cancelled the statement (SQLState 57014): {@code statement_timeout} or a cancel. */
    public static boolean isCancelled(SQLException e) {
        return "57014".equals(e.getSQLState());
    }
}
