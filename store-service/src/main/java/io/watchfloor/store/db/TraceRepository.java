package io.watchfloor.store.db;

import io.watchfloor.store.domain.trace.ReportTrace;
import io.watchfloor.store.domain.trace.TraceSources;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;
import javax.sql.DataSource;

/** The stored row of one report for a trace: revision, times, catalog and enriched-topic position. */
@Singleton
public class TraceRepository implements TraceSources.StoredRows {
    private static final String SQL = """
            SELECT revision, ingested_at, enriched_at, stored_at, catalog_version, kafka_partition, kafka_offset
            FROM reports WHERE id = ?""";

    private final DataSource dataSource;

    public TraceRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Optional<ReportTrace.StoredRow> find(String id) throws TraceSources.TraceUnavailableException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SQL)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new ReportTrace.StoredRow(rs.getInt(1),
                        rs.getObject(2, OffsetDateTime.class).toInstant(),
                        rs.getObject(3, OffsetDateTime.class).toInstant(),
                        rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getString(5), rs.getInt(6),
                        rs.getLong(7)));
            }
        } catch (SQLException e) {
            throw new TraceSources.TraceUnavailableException("PostgreSQL did not answer (" + e.getMessage()
                    + "); check DB_URL and that the database is up", e);
        }
    }
}
