package dev.retrykit.core;

import dev.retrykit.core.internal.CompiledPolicy;

/**
 * A compiled policy together with the attempt runner chosen for it, swapped as one value when the policy changes.
 * Immutable.
 */
final class CallPlan {

    final CompiledPolicy policy;
    final AttemptRunner runner;

    CallPlan(CompiledPolicy policy, AttemptRunner runner) {
        this.policy = policy;
        this.runner = runner;
    }
}
