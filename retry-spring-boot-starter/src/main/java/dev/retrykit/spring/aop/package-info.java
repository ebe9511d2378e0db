/**
 * The annotation support: an advisor around {@code @Retryable} and {@code @CircuitGuarded} methods, ordered outside
 * {@code @Transactional} so each retry runs in a fresh transaction; per-method
 * {@link dev.retrykit.spring.aop.InvocationPlans invocation plans} resolved and validated at startup (service,
 * options, parsed SpEL, fallback method and cache, chaos faults), so a call does no reflection lookup and no
 * parsing; blocking, {@code CompletionStage} and Reactor return types. Startup also refuses annotations that would
 * silently do nothing or too much: methods the bean's proxy cannot intercept, a second {@code @Retryable} from Spring
 * Framework, SpEL naming variables the method does not have.
 */
package dev.retrykit.spring.aop;
