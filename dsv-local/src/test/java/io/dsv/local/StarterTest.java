package io.dsv.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 15: a small Spring Boot application imports {@code dsv:} and sees the namespace's latest values as
 * properties; an unreachable DSV fails its start with a clear message, unless the import is optional.
 */
@ExtendWith(SharedCluster.class)
@Order(18)
class StarterTest {

    /** The application: nothing but its configuration. */
    @SpringBootConfiguration
    static class App {
    }

    private static ConfigurableApplicationContext start(String... args) {
        return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE).registerShutdownHook(false)
                .run(args);
    }

    @Test
    void anApplicationImportsItsNamespaceAndOneSecret() {
        TestApi api = new TestApi("starter");
        assertThat(Http.post(api.gw1, api.create("db-password", "from-dsv")).statusCode()).isEqualTo(201);
        assertThat(Http.post(api.gw1, api.create("api-key", "k1")).statusCode()).isEqualTo(201);
        assertThat(Http.put(api.gw2, api.update("api-key", "k2")).statusCode()).isEqualTo(200);
        String address = "--dsv.address=" + api.cluster.gatewayUrl(0);
        String token = "--dsv.token=" + Http.token;
        try (ConfigurableApplicationContext app = start("--spring.config.import=dsv:" + api.ns, address, token)) {
            assertThat(app.getEnvironment().getProperty("db-password")).isEqualTo("from-dsv");
            assertThat(app.getEnvironment().getProperty("api-key")).as("the latest version").isEqualTo("k2");
        }
        try (ConfigurableApplicationContext app = start("--spring.config.import=dsv:" + api.ns + "/api-key", address, token)) {
            assertThat(app.getEnvironment().getProperty("api-key")).isEqualTo("k2");
            assertThat(app.getEnvironment().getProperty("db-password")).isNull();
        }
    }

    @Test
    void anUnreachableDsvFailsTheStartUnlessOptional() {
        String token = "--dsv.token=" + Http.token;
        try (ConfigurableApplicationContext app = start("--spring.config.import=optional:dsv:starter", "--dsv.address=http://127.0.0.1:1",
                token)) {
            assertThat(app.getEnvironment().getProperty("db-password")).isNull();
        }
        assertThatThrownBy(() -> start("--spring.config.import=dsv:starter", "--dsv.address=http://127.0.0.1:1", token).close())
                .hasStackTraceContaining("DSV did not answer").satisfies(e -> assertThat(stackTrace(e))
                        .doesNotContain(Http.token));
    }

    private static String stackTrace(Throwable e) {
        java.io.StringWriter out = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }
}
