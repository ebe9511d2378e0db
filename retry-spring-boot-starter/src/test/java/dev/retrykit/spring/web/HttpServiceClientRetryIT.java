package dev.retrykit.spring.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.retrykit.spring.web.HttpRetryFixtures.RECOVERED;
import static dev.retrykit.spring.web.HttpRetryFixtures.failOnceThenRecover;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.retrykit.annotation.Retryable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;
import org.springframework.web.service.registry.ImportHttpServices;

/**
 * {@code @Retryable} on the methods of Boot 4's HTTP service client interfaces: the clients Boot registers from
 * {@code @ImportHttpServices} and those an application builds itself with {@link HttpServiceProxyFactory} are
 * guarded like any bean, against a real HTTP server on loopback.
 */
class HttpServiceClientRetryIT {

    @RegisterExtension
    static final WireMockExtension server = HttpRetryFixtures.loopbackServer();

    private static ConfigurableApplicationContext context;

    @BeforeAll
    static void start() {
        context = new SpringApplicationBuilder(ClientApplication.class).web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off",
                        "spring.http.serviceclient.quotes.base-url=" + server.baseUrl(),
                        "prices.base-url=" + server.baseUrl(),
                        "retry.services.quotes-api.template=http-api", "retry.services.quotes-api.strategy=immediate",
                        "retry.services.quotes-api.max-attempts=3",
                        "retry.services.prices-api.template=http-api", "retry.services.prices-api.strategy=immediate",
                        "retry.services.prices-api.max-attempts=3")
                .run();
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @BeforeEach
    void resetServer() {
        server.resetAll();
    }

    @Test
    void clientOfImportHttpServicesIsRetried() {
        failOnceThenRecover(server, aResponse().withStatus(503));

        assertThat(context.getBean(QuoteApi.class).quote("ACME")).isEqualTo(RECOVERED);

        server.verify(2, getRequestedFor(urlEqualTo("/quotes/ACME")));
    }

    @Test
    void clientOfImportHttpServicesGivesUpAfterTheConfiguredAttempts() {
        server.stubFor(WireMock.get(urlEqualTo("/quotes/ACME")).willReturn(aResponse().withStatus(503)));

        assertThatThrownBy(() -> context.getBean(QuoteApi.class).quote("ACME"))
                .isInstanceOf(HttpServerErrorException.ServiceUnavailable.class);

        server.verify(3, getRequestedFor(urlEqualTo("/quotes/ACME")));
    }

    @Test
    void clientBuiltWithHttpServiceProxyFactoryIsRetried() {
        failOnceThenRecover(server, aResponse().withStatus(502));

        assertThat(context.getBean(PriceApi.class).price("ACME")).isEqualTo(RECOVERED);

        server.verify(2, getRequestedFor(urlEqualTo("/prices/ACME")));
    }

    /** An HTTP service client registered by Boot from {@code @ImportHttpServices}. */
    public interface QuoteApi {

        @GetExchange("/quotes/{symbol}")
        @Retryable("quotes-api")
        String quote(@PathVariable String symbol);
    }

    /** An HTTP service client the application builds itself. */
    public interface PriceApi {

        @GetExchange("/prices/{symbol}")
        @Retryable("prices-api")
        String price(@PathVariable String symbol);
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @ImportHttpServices(group = "quotes", types = QuoteApi.class)
    static class ClientApplication {

        @Bean
        PriceApi priceApi(RestClient.Builder builder, Environment environment) {
            RestClient client = builder.baseUrl(environment.getRequiredProperty("prices.base-url")).build();
            return HttpServiceProxyFactory.builderFor(RestClientAdapter.create(client)).build().createClient(PriceApi.class);
        }
    }
}
