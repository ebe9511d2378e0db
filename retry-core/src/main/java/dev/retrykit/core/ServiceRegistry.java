package dev.retrykit.core;

import dev.retrykit.core.backoff.BackoffStrategies;
import dev.retrykit.core.budget.GlobalRetryLimit;
import dev.retrykit.core.budget.RetryBudget;
import dev.retrykit.core.budget.RetryBudgetConfig;
import dev.retrykit.core.classify.ClassifierProvider;
import dev.retrykit.core.event.RetryEventListener;
import dev.retrykit.core.observation.CallObserver;
import dev.retrykit.core.time.Clock;
import dev.retrykit.core.time.ExecutorScheduler;
import dev.retrykit.core.time.Scheduler;
import dev.retrykit.core.time.Sleeper;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.random.RandomGenerator;

/**
 * The entry point of retrykit: holds every {@link GuardedService} by name, the global retry limit and budget,
 * time, threads and listeners. Services named in the configuration are created up front; a service first used
 * by name is created from a template on first use.
 *
 * <pre>{@code
 * ServiceRegistry registry = ServiceRegistry.builder().build();
 * String body = registry.service("quotes", "http-api").call(() -> client.fetch("ACME"));
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class ServiceRegistry implements AutoCloseable {

    final Clock clock;
    final Sleeper sleeper;
    final Scheduler scheduler;
    final ExecutorService attemptExecutor;
    final RandomGenerator random;
    final AttemptDecorator attemptDecorator;
    /** Observes calls for tracing; {@code null} when none is registered (then nothing is observed or allocated). */
    final CallObserver callObserver;
    final BackoffStrategies strategies;
    final ClassifierProvider[] classifierProviders;
    final GlobalRetryLimit globalRetryLimit;
    final RetryBudget globalBudget;
    final int eventCapacity;
    volatile RetryEventListener[] listeners;
    /**
     * The durations the listeners need ({@link EventFanOut#timingOf}); written before {@link #listeners} grows and
     * after it shrinks, so a call that sees an array sees at least what that array's listeners need.
     */
    volatile int listenerTiming;
    private final TemplateRegistry templates;
    private final Map<String, GuardedService> services = new ConcurrentHashMap<>();
    private final AutoCloseable[] owned;

    private ServiceRegistry(Builder builder) {
        this.clock = builder.clock;
        this.sleeper = builder.sleeper;
        List<AutoCloseable> ownedResources = new ArrayList<>();
        if (builder.attemptExecutor == null) {
            ExecutorService workers = AttemptWorkers.newDefault();
            ownedResources.add(workers::shutdownNow);
            this.attemptExecutor = workers;
        } else {
            this.attemptExecutor = builder.attemptExecutor;
        }
        if (builder.scheduler == null) {
            ExecutorScheduler timer = ExecutorScheduler.newDaemon(attemptExecutor);
            ownedResources.add(timer);
            this.scheduler = timer;
        } else {
            this.scheduler = builder.scheduler;
        }
        this.owned = ownedResources.toArray(new AutoCloseable[0]);
        this.random = builder.random;
        this.attemptDecorator = builder.attemptDecorator;
        this.callObserver = builder.callObserver;
        this.strategies = builder.strategies;
        this.classifierProviders = builder.classifierProviders.toArray(new ClassifierProvider[0]);
        this.globalRetryLimit = new GlobalRetryLimit(builder.maxConcurrentRetries);
        this.globalBudget = new RetryBudget(builder.globalBudget, clock);
        this.eventCapacity = builder.eventCapacity;
        this.listeners = builder.listeners.toArray(new RetryEventListener[0]);
        this.listenerTiming = EventFanOut.timingOf(listeners);
        this.templates = builder.templates;
        builder.policies.forEach(this::register);
    }

    /** A builder with the JVM's time, built-in templates and strategies, and PRODUCT.md's global defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The service of that name, created from the default template on first use.
     *
     * @throws IllegalArgumentException if the default template does not exist
     */
    public GuardedService service(String name) {
        return service(name, null);
    }

    /**
     * The service of that name, created on first use from {@code template} (or the default template when
     * {@code null} or empty). A service that already exists keeps its policy.
     */
    public GuardedService service(String name, String template) {
        String chosen = template == null || template.isEmpty() ? templates.defaultTemplate() : template;
        return serviceOrRegister(name, () -> templates.resolve(chosen));
    }

    /**
     * The service of that name, created with the policy from {@code policy} only when it does not exist yet (the
     * supplier is not called otherwise).
     */
    public GuardedService serviceOrRegister(String name, java.util.function.Supplier<ServicePolicy> policy) {
        GuardedService existing = services.get(name);
        return existing != null ? existing : services.computeIfAbsent(name, n -> new GuardedService(n, policy.get(), this));
    }

    /** Creates (or reconfigures) the service {@code name} with {@code policy}. */
    public GuardedService register(String name, ServicePolicy policy) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(policy, "policy");
        GuardedService service = services.computeIfAbsent(name, n -> new GuardedService(n, policy, this));
        if (service.policy() != policy) {
            service.updatePolicy(policy);
        }
        return service;
    }

    /** The service of that name, or {@code null} if it was never configured or used. */
    public GuardedService find(String name) {
        return services.get(name);
    }

    /** Every service, in name order. */
    public Collection<GuardedService> services() {
        Map<String, GuardedService> sorted = new java.util.TreeMap<>(services);
        return Collections.unmodifiableCollection(new ArrayList<>(sorted.values()));
    }

    /** The templates new services are created from. */
    public TemplateRegistry templates() {
        return templates;
    }


    /** The backoff strategies policies may name. */
    public BackoffStrategies strategies() {
        return strategies;
    }

    /** Retries in flight across all services. */
    public GlobalRetryLimit globalRetryLimit() {
        return globalRetryLimit;
    }

    /** The budget shared by all services. */
    public RetryBudget globalBudget() {
        return globalBudget;
    }

    /** The clock every service uses. */
    public Clock clock() {
        return clock;
    }

    /** Adds a listener for the events of every service. */
    public synchronized void addListener(RetryEventListener listener) {
        Objects.requireNonNull(listener, "listener");
        RetryEventListener[] current = listeners;
        RetryEventListener[] next = java.util.Arrays.copyOf(current, current.length + 1);
        next[current.length] = listener;
        listenerTiming = EventFanOut.timingOf(next);
        listeners = next;
    }

    /** Removes a listener added before. */
    public synchronized void removeListener(RetryEventListener listener) {
        List<RetryEventListener> next = new ArrayList<>(List.of(listeners));
        next.remove(listener);
        listeners = next.toArray(new RetryEventListener[0]);
        listenerTiming = EventFanOut.timingOf(listeners);
    }

    /** Stops the threads this registry created itself. */
    @Override
    public void close() {
        for (AutoCloseable resource : owned) {
            try {
                resource.close();
            } catch (Exception ignored) {
                // best effort: closing must not fail the caller's shutdown
            }
        }
    }

    /** Mutable builder of {@link ServiceRegistry}; not thread-safe. */
    public static final class Builder {
        private Clock clock = Clock.system();
        private Sleeper sleeper = Sleeper.system();
        private Scheduler scheduler;
        private ExecutorService attemptExecutor;
        private RandomGenerator random;
        private AttemptDecorator attemptDecorator = AttemptDecorator.none();
        private CallObserver callObserver;
        private BackoffStrategies strategies = BackoffStrategies.builtIn();
        private final List<ClassifierProvider> classifierProviders = new ArrayList<>();
        private int maxConcurrentRetries = 100;
        private RetryBudgetConfig globalBudget = RetryBudgetConfig.GLOBAL_DEFAULT;
        private int eventCapacity = 50;
        private final List<RetryEventListener> listeners = new ArrayList<>();
        private TemplateRegistry templates = TemplateRegistry.builtIn();
        private final Map<String, ServicePolicy> policies = new LinkedHashMap<>();

        private Builder() {
        }

        /** Sets the clock (tests: {@code ManualClock}). */
        public Builder clock(Clock value) { clock = Objects.requireNonNull(value); return this; }
        /** Sets the sleeper used between blocking attempts. */
        public Builder sleeper(Sleeper value) { sleeper = Objects.requireNonNull(value); return this; }
        /**
         * Sets the scheduler of asynchronous retries, timeouts and hedges; default: one daemon timer thread that hands
         * due tasks to the attempt executor.
         */
        public Builder scheduler(Scheduler value) { scheduler = value; return this; }
        /**
         * Sets the bounded executor that runs blocking attempts under a per-attempt timeout or hedging (and, by
         * default, the scheduler's due tasks); a task it refuses is a rejection of the call. Default:
         * {@link AttemptWorkers#newDefault()}. An executor given here is not shut down by {@link ServiceRegistry#close()}.
         */
        public Builder attemptExecutor(ExecutorService value) { attemptExecutor = value; return this; }
        /** Sets what carries the caller's thread context into attempts on worker threads; default: nothing. */
        public Builder attemptDecorator(AttemptDecorator value) { attemptDecorator = Objects.requireNonNull(value); return this; }
        /**
         * Sets what observes every call and attempt for tracing (the Spring starter adapts Micrometer's
         * {@code ObservationRegistry}); default: none, and then the call path does nothing for it.
         */
        public Builder callObserver(CallObserver value) { callObserver = Objects.requireNonNull(value); return this; }
        /** Sets a fixed source of jitter (tests and simulations); default: {@code ThreadLocalRandom}. */
        public Builder random(RandomGenerator value) { random = value; return this; }
        /** Sets the backoff strategies, custom ones included. */
        public Builder strategies(BackoffStrategies value) { strategies = Objects.requireNonNull(value); return this; }
        /** Adds a classifier provider (HTTP status codes, ...), consulted before the exception lists. */
        public Builder classifierProvider(ClassifierProvider value) { classifierProviders.add(value); return this; }
        /** Sets the global limit of retries in flight. */
        public Builder maxConcurrentRetries(int value) { maxConcurrentRetries = value; return this; }
        /** Sets the budget shared by all services. */
        public Builder globalBudget(RetryBudgetConfig value) { globalBudget = Objects.requireNonNull(value); return this; }
        /** Sets how many recent events each service keeps. */
        public Builder eventCapacity(int value) { eventCapacity = value; return this; }
        /** Adds a listener for every service's events. */
        public Builder listener(RetryEventListener value) { listeners.add(Objects.requireNonNull(value)); return this; }
        /** Sets the templates. */
        public Builder templates(TemplateRegistry value) { templates = Objects.requireNonNull(value); return this; }
        /** Configures a service up front. */
        public Builder service(String name, ServicePolicy policy) { policies.put(name, policy); return this; }

        /** Builds the registry. */
        public ServiceRegistry build() {
            return new ServiceRegistry(this);
        }
    }
}
