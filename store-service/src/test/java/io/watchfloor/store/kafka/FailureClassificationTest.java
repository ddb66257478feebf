package io.watchfloor.store.kafka;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchfloor.edge.registry.RegistryFailures;
import io.watchfloor.schemas.registry.SchemaRegistryException;
import io.watchfloor.schemas.registry.UnknownSchemaException;
import io.watchfloor.store.db.SqlFailures;
import java.sql.SQLException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class FailureClassificationTest {

    @Test
    void shouldBlameOnlyDataAndConstraintErrorsOnTheRecord() {
        assertTrue(SqlFailures.isRecordFault(new SQLException("bad", "22P05")));
        assertTrue(SqlFailures.isRecordFault(new SQLException("dup", "23505")));
        assertTrue(SqlFailures.isRecordFault(new SQLException("too long", "54000")));
        assertFalse(SqlFailures.isRecordFault(new SQLException("connection refused", "08001")));
        assertFalse(SqlFailures.isRecordFault(new SQLException("admin shutdown", "57P01")));
        assertFalse(SqlFailures.isRecordFault(new SQLException("no table", "42P01")));
        assertFalse(SqlFailures.isRecordFault(new SQLException("pool timeout")));
    }

    @Test
    void shouldTreatAnUnreachableRegistryAsAnOutageButAnUnknownIdAsPoison() {
        assertTrue(RegistryFailures.isOutage(new SerializationException("x",
                new SchemaRegistryException("connection refused", -1, null))));
        assertTrue(RegistryFailures.isOutage(new SerializationException("x",
                new SchemaRegistryException("bad gateway", 502, null))));
        assertFalse(RegistryFailures.isOutage(new SerializationException("x",
                new UnknownSchemaException("Unknown schema id 99"))));
        assertFalse(RegistryFailures.isOutage(new SerializationException("Unknown magic byte 7")));
    }
}
