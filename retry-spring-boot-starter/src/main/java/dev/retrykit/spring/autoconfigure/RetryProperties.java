package dev.retrykit.spring.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of retrykit, bound from the {@code retry} prefix of {@code application.yml}.
 *
 * <p>Template and service entries are <em>partial</em>: every field is {@code null} until the user writes it, and
 * only the written keys override the template the entry is based on (precedence: built-in template &lt; user
 * template &lt; service entry). Exception types are bound as class names and checked at startup, so that a typo is
 * reported with its property path. Nothing here is validated while binding; {@link PolicyResolver} checks every
 * value and fails startup with all problems at once.
 */
@ConfigurationProperties(prefix = "retry")
public class RetryProperties {

    /** Whether retrykit is active; when false no retrykit bean is created. */
    private boolean enabled = true;

    /** Template of services that neither have an entry under retry.services nor name a template in their annotation. */
    private String defaultTemplate = "microservice";

    /** Limits shared by all services. */
    private final Global global = new Global();

    /** User templates by name; they may extend (based-on) or override a built-in template. */
    private final Map<String, Template> templates = new LinkedHashMap<>();

    /** Per-service settings by service name (the name used in @Retryable and @CircuitGuarded). */
    private final Map<String, Service> services = new LinkedHashMap<>();

    /** Where budgets, breaker state and idempotency keys are kept. */
    private final Store store = new Store();

    /** Fault injection for testing resilience. */
    private final Chaos chaos = new Chaos();

    /** The live dashboard. */
    private final Dashboard dashboard = new Dashboard();

    /** The retry health contributor. */
    private final Health health = new Health();

    /** At-most-once calls keyed by an idempotency key. */
    private final Idempotency idempotency = new Idempotency();

    /** The advice around annotated methods. */
    private final Aop aop = new Aop();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getDefaultTemplate() {
        return defaultTemplate;
    }

    public void setDefaultTemplate(String defaultTemplate) {
        this.defaultTemplate = defaultTemplate;
    }

    public Global getGlobal() {
        return global;
    }

    public Map<String, Template> getTemplates() {
        return templates;
    }

    public Map<String, Service> getServices() {
        return services;
    }

    public Store getStore() {
        return store;
    }

    public Chaos getChaos() {
        return chaos;
    }

    public Dashboard getDashboard() {
        return dashboard;
    }

    public Health getHealth() {
        return health;
    }

    public Aop getAop() {
        return aop;
    }

    public Idempotency getIdempotency() {
        return idempotency;
    }

    /** Limits shared by all services. */
    public static class Global {

        /** Retries (attempts after the first) in flight at once across all services; at least 1. */
        private int maxConcurrentRetries = 100;

        /** Retry budget shared by all services, checked in addition to each service's own budget. */
        private final GlobalBudget budget = new GlobalBudget();

        public int getMaxConcurrentRetries() {
            return maxConcurrentRetries;
        }

        public void setMaxConcurrentRetries(int maxConcurrentRetries) {
            this.maxConcurrentRetries = maxConcurrentRetries;
        }

        public GlobalBudget getBudget() {
            return budget;
        }
    }

    /** The global retry budget: a token bucket that every call fills by {@code ratio} and every retry drains by one. */
    public static class GlobalBudget {

        /** Whether the global budget limits retries. */
        private boolean enabled = true;

        /** Retries allowed per call, a fraction from 0 to 1. */
        private double ratio = 0.2;

        /** Retries allowed per second even without traffic to earn them; not negative. */
        private double minRetriesPerSecond = 10;

        /** Hard cap of retries in any sliding minute; 0 means no cap. */
        private int maxRetriesPerMinute;

        /** Hard cap of retries in any sliding hour; 0 means no cap. */
        private int maxRetriesPerHour;

        /** Tokens a fresh budget starts with and the most it can hold; at least 1. */
        private int burstCapacity = 100;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public double getRatio() {
            return ratio;
        }

        public void setRatio(double ratio) {
            this.ratio = ratio;
        }

        public double getMinRetriesPerSecond() {
            return minRetriesPerSecond;
        }

        public void setMinRetriesPerSecond(double minRetriesPerSecond) {
            this.minRetriesPerSecond = minRetriesPerSecond;
        }

        public int getMaxRetriesPerMinute() {
            return maxRetriesPerMinute;
        }

        public void setMaxRetriesPerMinute(int maxRetriesPerMinute) {
            this.maxRetriesPerMinute = maxRetriesPerMinute;
        }

        public int getMaxRetriesPerHour() {
            return maxRetriesPerHour;
        }

        public void setMaxRetriesPerHour(int maxRetriesPerHour) {
            this.maxRetriesPerHour = maxRetriesPerHour;
        }

        public int getBurstCapacity() {
            return burstCapacity;
        }

        public void setBurstCapacity(int burstCapacity) {
            this.burstCapacity = burstCapacity;
        }
    }

    /**
     * Partial policy settings shared by templates and services. Every field is {@code null} unless written, and then
     * the value comes from the template the entry is based on.
     */
    public static class Policy {

        /** Attempts including the first; at least 1. Unset: from the template. */
        private Integer maxAttempts;

        /** Backoff strategy, e.g. exponential-jitter. Unset: from the template. */
        private String strategy;

        /** First (or constant) delay between attempts; not above max-delay. Unset: from the template. */
        private Duration baseDelay;

        /** Cap of every delay between attempts. Unset: from the template. */
        private Duration maxDelay;

        /** Growth factor of exponential strategies; at least 1. Unset: from the template. */
        private Double multiplier;

        /** Relative spread of constant-jitter and linear-jitter, from 0 to 1. Unset: from the template. */
        private Double jitter;

        /** Fully qualified names of exceptions (or causes) that are retried; replaces the template's list. */
        private List<String> retryableExceptions;

        /** Fully qualified names of exceptions (or causes) that are never retried; replaces the template's list. */
        private List<String> nonRetryableExceptions;

        /** HTTP status codes that are retried; replaces the template's list. */
        private List<Integer> retryableStatusCodes;

        /** Whether a server's Retry-After is a floor of the next delay. Unset: from the template. */
        private Boolean respectRetryAfter;

        /** Per-attempt and total timeouts. */
        private Timeout timeout;

        /** Circuit breaker settings. */
        private CircuitBreaker circuitBreaker;

        /** Retry budget of this service. */
        private Budget budget;

        /** Concurrent-call limit of this service. */
        private Bulkhead bulkhead;

        /** Load shedding of this service's non-critical calls. */
        private LoadShedding loadShedding;

        /** Hedged (speculative) attempts, for idempotent calls only. */
        private Hedging hedging;

        public Integer getMaxAttempts() {
            return maxAttempts;
        }

        public void setMaxAttempts(Integer maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        public String getStrategy() {
            return strategy;
        }

        public void setStrategy(String strategy) {
            this.strategy = strategy;
        }

        public Duration getBaseDelay() {
            return baseDelay;
        }

        public void setBaseDelay(Duration baseDelay) {
            this.baseDelay = baseDelay;
        }

        public Duration getMaxDelay() {
            return maxDelay;
        }

        public void setMaxDelay(Duration maxDelay) {
            this.maxDelay = maxDelay;
        }

        public Double getMultiplier() {
            return multiplier;
        }

        public void setMultiplier(Double multiplier) {
            this.multiplier = multiplier;
        }

        public Double getJitter() {
            return jitter;
        }

        public void setJitter(Double jitter) {
            this.jitter = jitter;
        }

        public List<String> getRetryableExceptions() {
            return retryableExceptions;
        }

        public void setRetryableExceptions(List<String> retryableExceptions) {
            this.retryableExceptions = retryableExceptions;
        }

        public List<String> getNonRetryableExceptions() {
            return nonRetryableExceptions;
        }

        public void setNonRetryableExceptions(List<String> nonRetryableExceptions) {
            this.nonRetryableExceptions = nonRetryableExceptions;
        }

        public List<Integer> getRetryableStatusCodes() {
            return retryableStatusCodes;
        }

        public void setRetryableStatusCodes(List<Integer> retryableStatusCodes) {
            this.retryableStatusCodes = retryableStatusCodes;
        }

        public Boolean getRespectRetryAfter() {
            return respectRetryAfter;
        }

        public void setRespectRetryAfter(Boolean respectRetryAfter) {
            this.respectRetryAfter = respectRetryAfter;
        }

        public Timeout getTimeout() {
            return timeout;
        }

        public void setTimeout(Timeout timeout) {
            this.timeout = timeout;
        }

        public CircuitBreaker getCircuitBreaker() {
            return circuitBreaker;
        }

        public void setCircuitBreaker(CircuitBreaker circuitBreaker) {
            this.circuitBreaker = circuitBreaker;
        }

        public Budget getBudget() {
            return budget;
        }

        public void setBudget(Budget budget) {
            this.budget = budget;
        }

        public Bulkhead getBulkhead() {
            return bulkhead;
        }

        public void setBulkhead(Bulkhead bulkhead) {
            this.bulkhead = bulkhead;
        }

        public LoadShedding getLoadShedding() {
            return loadShedding;
        }

        public void setLoadShedding(LoadShedding loadShedding) {
            this.loadShedding = loadShedding;
        }

        public Hedging getHedging() {
            return hedging;
        }

        public void setHedging(Hedging hedging) {
            this.hedging = hedging;
        }
    }

    /** A user template: partial settings over the template it is based on. */
    public static class Template extends Policy {

        /**
         * Template this one extends. Unset: the built-in template of the same name when there is one (the user
         * template then overrides it), else the built-in microservice template.
         */
        private String basedOn;

        public String getBasedOn() {
            return basedOn;
        }

        public void setBasedOn(String basedOn) {
            this.basedOn = basedOn;
        }
    }

    /** A service entry: partial settings over its template. */
    public static class Service extends Policy {

        /** Template this service starts from. Unset: retry.default-template. */
        private String template;

        public String getTemplate() {
            return template;
        }

        public void setTemplate(String template) {
            this.template = template;
        }
    }

    /** Timeouts of a service; unset values come from the template. */
    public static class Timeout {

        /** Limit of one attempt; 0 means none. Works for blocking methods too. */
        private Duration perAttempt;

        /** Deadline of the whole call, retries and waits included; 0 means none. */
        private Duration total;

        /** Whether the per-attempt limit follows the observed latency, capped by per-attempt. */
        private Boolean adaptive;

        public Duration getPerAttempt() {
            return perAttempt;
        }

        public void setPerAttempt(Duration perAttempt) {
            this.perAttempt = perAttempt;
        }

        public Duration getTotal() {
            return total;
        }

        public void setTotal(Duration total) {
            this.total = total;
        }

        public Boolean getAdaptive() {
            return adaptive;
        }

        public void setAdaptive(Boolean adaptive) {
            this.adaptive = adaptive;
        }
    }

    /** Circuit breaker of a service; unset values come from the template. */
    public static class CircuitBreaker {

        /** Whether the breaker is active. */
        private Boolean enabled;

        /** How the sliding window is measured: count (calls) or time (seconds). */
        private String slidingWindowType;

        /** Size of the sliding window: calls for count, seconds for time; at least 1. */
        private Integer slidingWindowSize;

        /** Calls recorded before a rate can open the breaker; at least 1. */
        private Integer minimumCalls;

        /** Percentage of failed calls (0 to 100) that opens the breaker. */
        private Double failureRateThreshold;

        /** A call lasting at least this long counts as slow. */
        private Duration slowCallDuration;

        /** Percentage of slow calls (0 to 100) that opens the breaker. */
        private Double slowCallRateThreshold;

        /** Wait in the open state before trial calls are let through; doubles on repeated trips. */
        private Duration waitInOpen;

        /** Cap of the doubled wait in the open state; not below wait-in-open. */
        private Duration maxWaitInOpen;

        /** Trial calls admitted in the half-open state; at least 1. */
        private Integer halfOpenCalls;

        /**
         * Longest time the half-open state may go without a verdict; then it counts as a failed trial (back to open,
         * wait doubled, fresh trial permits next time). A positive duration.
         */
        private Duration maxTimeInHalfOpen;

        public Boolean getEnabled() {
            return enabled;
        }

        public void setEnabled(Boolean enabled) {
            this.enabled = enabled;
        }

        public String getSlidingWindowType() {
            return slidingWindowType;
        }

        public void setSlidingWindowType(String slidingWindowType) {
            this.slidingWindowType = slidingWindowType;
        }

        public Integer getSlidingWindowSize() {
            return slidingWindowSize;
        }

        public void setSlidingWindowSize(Integer slidingWindowSize) {
            this.slidingWindowSize = slidingWindowSize;
        }

        public Integer getMinimumCalls() {
            return minimumCalls;
        }

        public void setMinimumCalls(Integer minimumCalls) {
            this.minimumCalls = minimumCalls;
        }

        public Double getFailureRateThreshold() {
            return failureRateThreshold;
        }

        public void setFailureRateThreshold(Double failureRateThreshold) {
            this.failureRateThreshold = failureRateThreshold;
        }

        public Duration getSlowCallDuration() {
            return slowCallDuration;
        }

        public void setSlowCallDuration(Duration slowCallDuration) {
            this.slowCallDuration = slowCallDuration;
        }

        public Double getSlowCallRateThreshold() {
            return slowCallRateThreshold;
        }

        public void setSlowCallRateThreshold(Double slowCallRateThreshold) {
            this.slowCallRateThreshold = slowCallRateThreshold;
        }

        public Duration getWaitInOpen() {
            return waitInOpen;
        }

        public void setWaitInOpen(Duration waitInOpen) {
            this.waitInOpen = waitInOpen;
        }

        public Duration getMaxWaitInOpen() {
            return maxWaitInOpen;
        }

        public void setMaxWaitInOpen(Duration maxWaitInOpen) {
            this.maxWaitInOpen = maxWaitInOpen;
        }

        public Integer getHalfOpenCalls() {
            return halfOpenCalls;
        }

        public void setHalfOpenCalls(Integer halfOpenCalls) {
            this.halfOpenCalls = halfOpenCalls;
        }

        public Duration getMaxTimeInHalfOpen() {
            return maxTimeInHalfOpen;
        }

        public void setMaxTimeInHalfOpen(Duration maxTimeInHalfOpen) {
            this.maxTimeInHalfOpen = maxTimeInHalfOpen;
        }
    }

    /** Retry budget of a service; unset values come from the template. */
    public static class Budget {

        /** Whether the budget limits this service's retries. */
        private Boolean enabled;

        /** Retries allowed per call, a fraction from 0 to 1. */
        private Double ratio;

        /** Retries allowed per second even without traffic to earn them; not negative. */
        private Double minRetriesPerSecond;

        /** Hard cap of retries in any sliding minute; 0 means no cap. */
        private Integer maxRetriesPerMinute;

        /** Hard cap of retries in any sliding hour; 0 means no cap. */
        private Integer maxRetriesPerHour;

        /** Tokens a fresh budget starts with and the most it can hold; at least 1. */
        private Integer burstCapacity;

        public Boolean getEnabled() {
            return enabled;
        }

        public void setEnabled(Boolean enabled) {
            this.enabled = enabled;
        }

        public Double getRatio() {
            return ratio;
        }

        public void setRatio(Double ratio) {
            this.ratio = ratio;
        }

        public Double getMinRetriesPerSecond() {
            return minRetriesPerSecond;
        }

        public void setMinRetriesPerSecond(Double minRetriesPerSecond) {
            this.minRetriesPerSecond = minRetriesPerSecond;
        }

        public Integer getMaxRetriesPerMinute() {
            return maxRetriesPerMinute;
        }

        public void setMaxRetriesPerMinute(Integer maxRetriesPerMinute) {
            this.maxRetriesPerMinute = maxRetriesPerMinute;
        }

        public Integer getMaxRetriesPerHour() {
            return maxRetriesPerHour;
        }

        public void setMaxRetriesPerHour(Integer maxRetriesPerHour) {
            this.maxRetriesPerHour = maxRetriesPerHour;
        }

        public Integer getBurstCapacity() {
            return burstCapacity;
        }

        public void setBurstCapacity(Integer burstCapacity) {
            this.burstCapacity = burstCapacity;
        }
    }

    /** Concurrent-call limit of a service; unset values come from the template. */
    public static class Bulkhead {

        /** Attempts allowed to run at once (a permit per attempt, held until its body returns); at least 1. No bulkhead unless set. */
        private Integer maxConcurrentCalls;

        /** How long a call may wait for a permit; the wait also ends at the call's deadline. 0 means no wait. */
        private Duration maxWait;

        public Integer getMaxConcurrentCalls() {
            return maxConcurrentCalls;
        }

        public void setMaxConcurrentCalls(Integer maxConcurrentCalls) {
            this.maxConcurrentCalls = maxConcurrentCalls;
        }

        public Duration getMaxWait() {
            return maxWait;
        }

        public void setMaxWait(Duration maxWait) {
            this.maxWait = maxWait;
        }
    }

    /** Load shedding of a service; unset values come from the template. */
    public static class LoadShedding {

        /** Whether non-critical calls are shed under load. */
        private Boolean enabled;

        /** System CPU load, a fraction from 0 to 1, above which non-critical calls are shed. */
        private Double cpuThreshold;

        /** Whether an adaptive concurrency limit, learned from latency, also sheds calls. */
        private Boolean adaptiveConcurrency;

        public Boolean getEnabled() {
            return enabled;
        }

        public void setEnabled(Boolean enabled) {
            this.enabled = enabled;
        }

        public Double getCpuThreshold() {
            return cpuThreshold;
        }

        public void setCpuThreshold(Double cpuThreshold) {
            this.cpuThreshold = cpuThreshold;
        }

        public Boolean getAdaptiveConcurrency() {
            return adaptiveConcurrency;
        }

        public void setAdaptiveConcurrency(Boolean adaptiveConcurrency) {
            this.adaptiveConcurrency = adaptiveConcurrency;
        }
    }

    /** Hedging of a service; unset values come from the template. */
    public static class Hedging {

        /** Whether extra attempts start while the first is still running; for idempotent calls only. */
        private Boolean enabled;

        /** Wait before each hedge. */
        private Duration delay;

        /** Extra attempts at most; at least 1 when hedging is enabled. */
        private Integer maxHedges;

        public Boolean getEnabled() {
            return enabled;
        }

        public void setEnabled(Boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getDelay() {
            return delay;
        }

        public void setDelay(Duration delay) {
            this.delay = delay;
        }

        public Integer getMaxHedges() {
            return maxHedges;
        }

        public void setMaxHedges(Integer maxHedges) {
            this.maxHedges = maxHedges;
        }
    }

    /** Where shared state is kept. */
    public static class Store {

        /** Store type: memory (this instance only) or redis (shared by all instances). */
        private String type = "memory";

        /** Settings of the Redis store. */
        private final Redis redis = new Redis();

        public String getType() {
            return type;
        }

        public void setType(String type) {
            this.type = type;
        }

        public Redis getRedis() {
            return redis;
        }
    }

    /** Settings of the Redis store. */
    public static class Redis {

        /** Prefix of every Redis key written by retrykit. */
        private String keyPrefix = "retrykit";

        /** How often local counters are synced with Redis in the background; positive. */
        private Duration syncInterval = Duration.ofMillis(200);

        public String getKeyPrefix() {
            return keyPrefix;
        }

        public void setKeyPrefix(String keyPrefix) {
            this.keyPrefix = keyPrefix;
        }

        public Duration getSyncInterval() {
            return syncInterval;
        }

        public void setSyncInterval(Duration syncInterval) {
            this.syncInterval = syncInterval;
        }
    }

    /** Fault injection. */
    public static class Chaos {

        /** Whether faults are injected into the services listed under retry.chaos.services. */
        private boolean enabled;

        /** Faults by service name. */
        private final Map<String, ChaosService> services = new LinkedHashMap<>();

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Map<String, ChaosService> getServices() {
            return services;
        }
    }

    /** Faults injected into one service. */
    public static class ChaosService {

        /** Share of calls, from 0 to 1, that throw the exception instead of running. */
        private double failureRate;

        /** Latency added to every call. */
        private Duration latency = Duration.ZERO;

        /** Fully qualified name of the Throwable thrown by a failed call. */
        private String exception = "java.net.ConnectException";

        public double getFailureRate() {
            return failureRate;
        }

        public void setFailureRate(double failureRate) {
            this.failureRate = failureRate;
        }

        public Duration getLatency() {
            return latency;
        }

        public void setLatency(Duration latency) {
            this.latency = latency;
        }

        public String getException() {
            return exception;
        }

        public void setException(String exception) {
            this.exception = exception;
        }
    }

    /** The live dashboard. */
    public static class Dashboard {

        /** Whether the dashboard is served. */
        private boolean enabled;

        /** Path the dashboard is served at; starts with a slash. */
        private String path = "/retry-dashboard";

        /** The recent history behind the dashboard's charts, served as JSON at {@code <path>/history}. */
        private final History history = new History();

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getPath() {
            return path;
        }

        public void setPath(String path) {
            this.path = path;
        }

        public History getHistory() {
            return history;
        }

        /** How the dashboard's history is sampled and how far back it goes. */
        public static class History {

            /** Time between two samples of every service; at least 100ms. */
            private Duration interval = Duration.ofSeconds(1);

            /** How far back samples are kept; at most 3600 intervals. */
            private Duration retention = Duration.ofMinutes(10);

            public Duration getInterval() {
                return interval;
            }

            public void setInterval(Duration interval) {
                this.interval = interval;
            }

            public Duration getRetention() {
                return retention;
            }

            public void setRetention(Duration retention) {
                this.retention = retention;
            }
        }
    }

    /** The retry health contributor. */
    public static class Health {

        /** Whether an OPEN or FORCED_OPEN breaker turns the application's health DOWN. */
        private boolean downOnOpen;

        public boolean isDownOnOpen() {
            return downOnOpen;
        }

        public void setDownOnOpen(boolean downOnOpen) {
            this.downOnOpen = downOnOpen;
        }
    }

    /** At-most-once calls keyed by an idempotency key. */
    public static class Idempotency {

        /** How long a succeeded key and its result are kept; positive. */
        private Duration ttl = Duration.ofHours(24);

        /** How long a duplicate waits for a call with the same key in flight before it is rejected. */
        private Duration inFlightWait = Duration.ofSeconds(30);

        /**
         * How long an in-flight claim holds without renewal; its owner renews it every third of it while the call
         * runs, so a key whose owner died is free again after one lease. Positive.
         */
        private Duration inFlightLease = Duration.ofSeconds(30);

        public Duration getTtl() {
            return ttl;
        }

        public void setTtl(Duration ttl) {
            this.ttl = ttl;
        }

        public Duration getInFlightWait() {
            return inFlightWait;
        }

        public void setInFlightWait(Duration inFlightWait) {
            this.inFlightWait = inFlightWait;
        }

        public Duration getInFlightLease() {
            return inFlightLease;
        }

        public void setInFlightLease(Duration inFlightLease) {
            this.inFlightLease = inFlightLease;
        }
    }

    /** The advice around {@code @Retryable} and {@code @CircuitGuarded} methods. */
    public static class Aop {

        /**
         * Order of the advice among the other advisors (lower runs outside). The default, lowest precedence minus
         * 100 (2147483547), is just outside {@code @Transactional} and {@code @Cacheable}: each attempt gets its
         * own transaction unless the caller already holds one, and a cached value is served without a call.
         */
        private int order = org.springframework.core.Ordered.LOWEST_PRECEDENCE - 100;

        public int getOrder() {
            return order;
        }

        public void setOrder(int order) {
            this.order = order;
        }
    }
}
