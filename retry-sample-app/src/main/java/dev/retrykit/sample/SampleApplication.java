package dev.retrykit.sample;

import dev.retrykit.sample.upstream.UpstreamKnobs;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;

/** The retrykit demo application: a flaky upstream and resilient clients in one process. */
@SpringBootApplication
@EnableCaching
public class SampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }

    @Bean
    UpstreamKnobs upstreamKnobs(@Value("${demo.upstream.failure-rate:0.3}") double failureRate) {
        return new UpstreamKnobs(failureRate);
    }
}
