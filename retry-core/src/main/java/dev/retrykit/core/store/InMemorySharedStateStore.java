package dev.retrykit.core.store;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link SharedStateStore} in this JVM's memory: one instance on its own, or several registries of one process
 * sharing state (tests). Always reachable. Thread-safe: per-key updates are atomic through
 * {@link ConcurrentHashMap#merge}.
 */
public final class InMemorySharedStateStore implements SharedStateStore {

    private final Map<String, BreakerRecord> breakers = new ConcurrentHashMap<>();
    private final Map<String, BudgetCounts> budgets = new ConcurrentHashMap<>();

    @Override
    public String type() {
        return "memory";
    }

    @Override
    public boolean isReachable() {
        return true;
    }

    @Override
    public boolean publishBreakerState(String service, BreakerRecord record) {
        BreakerRecord kept = breakers.merge(service, record, (current, offered) -> offered.isNewerThan(current) ? offered : current);
        return kept == record;
    }

    @Override
    public Map<String, BreakerRecord> readBreakerStates() {
        return Map.copyOf(breakers);
    }

    @Override
    public Map<String, BudgetCounts> exchangeBudgets(Map<String, BudgetCounts> localActivity) {
        Map<String, BudgetCounts> totals = new HashMap<>();
        localActivity.forEach((budget, activity) -> totals.put(budget, budgets.merge(budget, activity, BudgetCounts::plus)));
        return totals;
    }
}
