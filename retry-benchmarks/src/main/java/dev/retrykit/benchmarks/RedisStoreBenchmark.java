package dev.retrykit.benchmarks;

import dev.retrykit.core.CheckedSupplier;
import dev.retrykit.core.GuardedService;
import dev.retrykit.core.ServiceRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.context.ConfigurableApplicationContext;
import redis.embedded.RedisServer;

/**
 * A successful call of the Boot default service ({@link BootDefaultBenchmark}) with {@code retry.store.type=memory}
 * against {@code retry.store.type=redis} (an embedded Redis server on loopback, as the starter's tests use). The
 * Redis store shares breaker states and budget counts through a background synchronizer, so a call should not wait
 * for Redis: the target is at most 1.1 × the memory store.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class RedisStoreBenchmark {

    private static final CheckedSupplier<String> OPERATION = Work::run;

    /** The Boot default with the memory store. */
    @State(Scope.Benchmark)
    public static class MemoryStore {
        ConfigurableApplicationContext context;
        GuardedService service;

        @Setup
        public void setUp() {
            context = BootContexts.start(BootDefaultBenchmark.BootApplication.class, "retry.store.type=memory");
            service = context.getBean(ServiceRegistry.class).service(BootContexts.NAME);
        }

        @TearDown
        public void tearDown() {
            context.close();
        }
    }

    /** The Boot default with the Redis store on an embedded server. */
    @State(Scope.Benchmark)
    public static class RedisStore {
        RedisServer server;
        ConfigurableApplicationContext context;
        GuardedService service;

        @Setup
        public void setUp() throws IOException {
            int port = freePort();
            server = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                    .setting("save \"\"").setting("appendonly no").build();
            server.start();
            context = BootContexts.start(BootDefaultBenchmark.BootApplication.class, "retry.store.type=redis",
                    "spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + port);
            service = context.getBean(ServiceRegistry.class).service(BootContexts.NAME);
        }

        @TearDown
        public void tearDown() throws IOException {
            context.close();
            server.stop();
        }

        private static int freePort() {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Benchmark
    public String retrykit(MemoryStore memory) {
        return memory.service.call(OPERATION);
    }

    @Benchmark
    public String retrykitRedisStore(RedisStore redis) {
        return redis.service.call(OPERATION);
    }
}
