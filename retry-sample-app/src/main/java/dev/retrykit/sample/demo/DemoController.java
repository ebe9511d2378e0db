package dev.retrykit.sample.demo;

import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Starts and stops the demo traffic, and runs the retry-storm scenario. */
@RestController
@RequestMapping("/demo")
public class DemoController {

    private final TrafficGenerator traffic;
    private final RetryStormScenario retryStorm;

    public DemoController(TrafficGenerator traffic, RetryStormScenario retryStorm) {
        this.traffic = traffic;
        this.retryStorm = retryStorm;
    }

    /**
     * The retry-storm scenario: {@code calls} catalog calls (at most 2,000) while the catalog fails a
     * {@code failureRate} share of requests; answers what the upstream saw and what the budget refused.
     */
    @PostMapping("/retry-storm")
    public Map<String, Object> retryStorm(@RequestParam(defaultValue = "400") int calls,
                                          @RequestParam(defaultValue = "0.5") double failureRate) throws InterruptedException {
        return retryStorm.run(calls, failureRate);
    }

    @PostMapping("/traffic/start")
    public Map<String, Object> start(@RequestParam(defaultValue = "5") int requestsPerSecond) {
        return traffic.start(requestsPerSecond);
    }

    @PostMapping("/traffic/stop")
    public Map<String, Object> stop() {
        return traffic.stop();
    }

    @GetMapping("/traffic")
    public Map<String, Object> status() {
        return traffic.status();
    }
}
