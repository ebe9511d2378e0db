package dev.retrykit.sample.demo;

import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Starts and stops the demo traffic. */
@RestController
@RequestMapping("/demo/traffic")
public class DemoController {

    private final TrafficGenerator traffic;

    public DemoController(TrafficGenerator traffic) {
        this.traffic = traffic;
    }

    @PostMapping("/start")
    public Map<String, Object> start(@RequestParam(defaultValue = "5") int requestsPerSecond) {
        return traffic.start(requestsPerSecond);
    }

    @PostMapping("/stop")
    public Map<String, Object> stop() {
        return traffic.stop();
    }

    @GetMapping
    public Map<String, Object> status() {
        return traffic.status();
    }
}
