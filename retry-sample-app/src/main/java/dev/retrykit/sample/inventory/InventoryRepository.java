package dev.retrykit.sample.inventory;

import dev.retrykit.annotation.Retryable;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stock levels in a real PostgreSQL, read and reserved in SERIALIZABLE transactions. Concurrent reservations of one
 * SKU produce real serialization failures (SQLState 40001); the {@code database} template retries them, each retry
 * in a fresh transaction because retrykit's advice wraps {@code @Transactional}.
 */
@Repository
public class InventoryRepository {

    private final JdbcTemplate jdbc;

    public InventoryRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Retryable("inventory")
    @Transactional(isolation = Isolation.SERIALIZABLE, readOnly = true)
    public Map<String, Object> find(String sku) {
        List<Map<String, Object>> rows = jdbc.queryForList("select sku, quantity from inventory where sku = ?", sku);
        return rows.isEmpty() ? Map.of("sku", sku, "quantity", 0) : rows.get(0);
    }

    /** Reserves one unit: read, then write, in one serializable transaction. */
    @Retryable("inventory")
    @Transactional(isolation = Isolation.SERIALIZABLE)
    public int reserve(String sku) {
        Integer quantity = jdbc.queryForObject("select quantity from inventory where sku = ?", Integer.class, sku);
        int left = quantity == null ? 0 : quantity - 1;
        jdbc.update("update inventory set quantity = ? where sku = ?", left, sku);
        return left;
    }
}
