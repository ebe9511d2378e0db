package dev.retrykit.spring.test.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.retrykit.annotation.Retryable;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A {@code @WebMvcTest} slice leaves the starter out; {@link AutoConfigureRetry} brings the advice back. */
@WebMvcTest(AutoConfigureRetryIT.QuoteController.class)
@AutoConfigureRetry
@Import({AutoConfigureRetryIT.QuoteController.class, AutoConfigureRetryIT.FlakyQuotes.class})
@TestPropertySource(properties = {"retry.services.quotes.strategy=immediate", "retry.services.quotes.max-attempts=3",
        "retry.services.quotes.retryable-exceptions=java.io.IOException"})
class AutoConfigureRetryIT {

    @Autowired
    private MockMvc mvc;

    @Autowired
    private FlakyQuotes quotes;

    @Test
    void webMvcSliceRetriesTheAnnotatedMethodsOfItsBeans() throws Exception {
        quotes.failNext(2);

        mvc.perform(get("/quotes/ACME")).andExpect(status().isOk()).andExpect(content().string("quote:ACME"));

        assertThat(quotes.calls()).isEqualTo(3);
    }

    @RestController
    static class QuoteController {

        private final FlakyQuotes quotes;

        QuoteController(FlakyQuotes quotes) {
            this.quotes = quotes;
        }

        @GetMapping("/quotes/{symbol}")
        String quote(@PathVariable String symbol) throws IOException {
            return quotes.quote(symbol);
        }
    }

    static class FlakyQuotes {

        private final AtomicInteger calls = new AtomicInteger();
        private final AtomicInteger failures = new AtomicInteger();

        public void failNext(int count) {
            failures.set(count);
        }

        public int calls() {
            return calls.get();
        }

        @Retryable("quotes")
        public String quote(String symbol) throws IOException {
            calls.incrementAndGet();
            if (failures.getAndDecrement() > 0) {
                throw new IOException("down");
            }
            return "quote:" + symbol;
        }
    }
}
