package dev.retrykit.spring.autoconfigure;

import java.util.Locale;

/** Where retrykit keeps budgets, breaker state and idempotency keys ({@code retry.store.type}). */
public enum StoreType {

    /** In this instance's memory only. */
    MEMORY,

    /** In Redis, shared by every instance. */
    REDIS;

    /** The name as written in configuration ({@code memory}, {@code redis}). */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
