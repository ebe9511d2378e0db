#!/usr/bin/env python3
"""Turns JMH's JSON results into markdown tables, one per benchmarked path.

Usage:
    python3 retry-benchmarks/scripts/report.py target/jmh.json [-o report.md]

Reads the file written by ``java -jar retry-benchmarks/target/benchmarks.jar -rf json -rff target/jmh.json``.
For each benchmark class (a path: retry only, circuit breaker, ...) it writes one table with each library's time
per operation and its error, the bytes allocated per operation (``gc.alloc.rate.norm``, present when the run
used ``-prof gc``) and the ratio of retrykit's time to that library's time (below 1: retrykit is faster).
Standard library only.
"""

import argparse
import json
import math
import re
import sys

# Paths in the order the report shows them; any other class follows, by name.
PATHS = [
    ("BaselineBenchmark", "Baseline: the operation called directly"),
    ("RetryOnlyBenchmark", "Retry only (3 attempts), happy path"),
    ("CircuitBreakerBenchmark", "Circuit breaker only, happy path"),
    ("SharedCircuitBreakerBenchmark", "One circuit breaker shared by all threads, happy path"),
    ("ComposedBenchmark", "Retry + circuit breaker + bulkhead, happy path"),
    ("AsyncBenchmark", "Asynchronous call, already-completed future, retry only"),
    ("AsyncLaterBenchmark", "Asynchronous call, future completed later on another thread, retry only"),
    ("FailingCallBenchmark", "One failure then success, zero delay"),
    ("AnnotatedPathBenchmark", "Annotated bean method in a Spring context"),
    ("BootDefaultBenchmark", "Retry + circuit breaker as Boot runs it (logging, metrics, health on), happy path"),
    ("BootFailureMixBenchmark", "As Boot runs it, 3 % of attempts failing, one breaker shared by 2 threads"),
    ("TimeoutBenchmark", "Per-attempt timeout (1 s, never reached), happy path"),
    ("RedisStoreBenchmark", "Boot default with the Redis store against the memory store, happy path"),
]

LIBRARIES = {
    "retrykit": "retrykit",
    "retrykitFull": "retrykit, all defaults (budgets, global limit)",
    "resilience4j": "Resilience4j",
    "failsafe": "Failsafe",
    "springRetry": "Spring Retry",
    "springFramework": "Spring Framework 7 RetryTemplate",
    "direct": "direct call (baseline)",
    "baseline": "no library (baseline)",
    "plainBean": "bean without advice (baseline)",
    "doNothingInterceptor": "same proxy, do-nothing MethodInterceptor (baseline)",
    "retrykitSleepingLikePeers": "retrykit, Thread.sleep(0) between attempts like the peers",
    "retrykitRedisStore": "retrykit, Redis store",
}

REFERENCE = "retrykit"
NOT_COMPARED = {"retrykit", "retrykitFull", "direct", "baseline", "plainBean", "doNothingInterceptor",
                "retrykitSleepingLikePeers"}
ALLOCATION = "gc.alloc.rate.norm"


def number(value):
    """JMH writes NaN and infinities as strings."""
    try:
        result = float(value)
    except (TypeError, ValueError):
        return math.nan
    return result


def fmt(value, digits=2):
    if value is None or math.isnan(value):
        return "n/a"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.{digits}f}"


def humanize(name):
    return re.sub(r"(?<!^)(?=[A-Z])", " ", name).lower()


def split(benchmark):
    klass, _, method = benchmark.rpartition(".")
    return klass.rpartition(".")[2], method


def row_label(method, params):
    label = LIBRARIES.get(method, humanize(method))
    if params:
        label += " (" + ", ".join(f"{k}={v}" for k, v in sorted(params.items())) + ")"
    return label


def collect(results):
    """Groups JMH result entries by benchmark class, keeping their order within a class."""
    paths = {}
    for entry in results:
        klass, method = split(entry["benchmark"])
        primary = entry["primaryMetric"]
        allocation = entry.get("secondaryMetrics", {}).get(ALLOCATION)
        paths.setdefault(klass, []).append({
            "method": method,
            "params": entry.get("params") or {},
            "threads": entry.get("threads", 1),
            "score": number(primary["score"]),
            "error": number(primary["scoreError"]),
            "unit": primary["scoreUnit"],
            "bytes": number(allocation["score"]) if allocation else None,
        })
    return paths


def ordered(paths):
    known = [name for name, _ in PATHS if name in paths]
    others = sorted(name for name in paths if name not in dict(PATHS))
    return known + others


def table(rows):
    reference = next((r for r in rows if r["method"] == REFERENCE and not r["params"]), None)
    unit = rows[0]["unit"]
    lines = [
        f"| library | {unit} | ± error | B/op | retrykit / library |",
        "|---|---:|---:|---:|---:|",
    ]
    for row in sorted(rows, key=lambda r: (r["method"] not in NOT_COMPARED, r["score"])):
        ratio = "—"
        if reference is not None and row["method"] not in NOT_COMPARED and row["score"] > 0:
            ratio = f"{reference['score'] / row['score']:.2f}"
        lines.append(f"| {row_label(row['method'], row['params'])} | {fmt(row['score'])} | {fmt(row['error'])} "
                     f"| {fmt(row['bytes'], 1)} | {ratio} |")
    return "\n".join(lines)


def run_line(results):
    first = results[0]
    return (f"JMH {first.get('jmhVersion', '?')}, {first.get('vmName', '?')} {first.get('vmVersion', '?')}; "
            f"{first.get('forks', '?')} fork(s), {first.get('warmupIterations', '?')} warm-up iteration(s) of "
            f"{first.get('warmupTime', '?')}, {first.get('measurementIterations', '?')} measured iteration(s) of "
            f"{first.get('measurementTime', '?')}. Error: 99.9 % confidence half-interval (n/a with one iteration).")


def report(results):
    if not results:
        return "No benchmark results.\n"
    paths = collect(results)
    titles = dict(PATHS)
    has_allocation = any(r["bytes"] is not None for rows in paths.values() for r in rows)
    parts = [run_line(results)]
    if not has_allocation:
        parts.append("B/op is n/a: the run did not use `-prof gc`.")
    for name in ordered(paths):
        rows = paths[name]
        title = titles.get(name, humanize(name.removesuffix("Benchmark")))
        threads = rows[0]["threads"]
        suffix = f" — {threads} threads" if threads > 1 else ""
        parts.append(f"### {title}{suffix}\n\n`{name}`\n\n{table(rows)}")
    return "\n\n".join(parts) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description="Markdown tables from JMH JSON results.")
    parser.add_argument("results", help="JMH JSON output (-rf json -rff FILE)")
    parser.add_argument("-o", "--output", help="markdown file to write (default: standard output)")
    args = parser.parse_args(argv)
    with open(args.results, encoding="utf-8") as source:
        markdown = report(json.load(source))
    if args.output:
        with open(args.output, "w", encoding="utf-8") as target:
            target.write(markdown)
    else:
        sys.stdout.write(markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
