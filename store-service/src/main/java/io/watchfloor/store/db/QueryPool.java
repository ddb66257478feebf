package io.watchfloor.store.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * The connections of the query API, the analyst view and exports: a small pool of its own, apart from the
 * consumer's writes, whose every statement is cancelled by PostgreSQL after {@code statement_timeout}, so a
 * flood of slow searches can neither hold the writer's connections nor run without end.
 */
@Singleton
public class QueryPool implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final Duration timeout;

    public QueryPool(@Value("${datasources.default.url}") String url,
                     @Value("${datasources.default.username}") String user,
                     @Value("${datasources.default.password}") String password,
                     @Value("${watchfloor.store.queries.pool-size:4}") int poolSize,
                     @Value("${watchfloor.store.queries.timeout:5s}") Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("watchfloor.store.queries.timeout (STORE_QUERY_TIMEOUT) must be "
                    + "positive, got " + timeout);
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("store-queries");
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(0);
        // a search waits at most this long for a free connection, then answers 503 instead of queueing on
        config.setConnectionTimeout(Math.max(250, Math.min(5000, timeout.toMillis())));
        config.setValidationTimeout(2000);
        // the server cancels any statement over the limit (SQLState 57014), whatever the client does
        config.setConnectionInitSql("SET statement_timeout = " + timeout.toMillis());
        config.setReadOnly(true);
        // no connection at start: the service starts (and the consumer runs) while PostgreSQL is still down
        config.setInitializationFailTimeout(-1);
        this.dataSource = new HikariDataSource(config);
        this.timeout = timeout;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Duration timeout() {
        return timeout;
    }

    @Override
    @PreDestroy
    public void close() {
        dataSource.close();
    }
}
