package io.dsv.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON log option (README, Operate): with {@code logging.structured.format.console=ecs} every
 * console line is one JSON object, and a line logged while a request is served carries that
 * request's id as a field, set by {@link AuditFilter}.
 */
@ExtendWith(OutputCaptureExtension.class)
class JsonLogFormatTest {

    @Configuration(proxyBeanMethods = false)
    static class NothingElse {
    }

    @Test
    void everyLineIsJsonAndALineOfARequestCarriesItsRequestId(CapturedOutput output) throws Exception {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(NothingElse.class)
                .web(WebApplicationType.NONE)
                .properties("logging.structured.format.console=ecs", "spring.application.name=gateway-service",
                        "spring.main.banner-mode=off")
                .run()) {
            AuditFilter filter = new AuditFilter(mock(AuditTrail.class), new SimpleMeterRegistry());
            MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/secrets/db");
            request.addHeader("X-Request-Id", "json-log-request-1");
            filter.doFilter(request, new MockHttpServletResponse(),
                    (req, res) -> LoggerFactory.getLogger("io.dsv.gateway.test").info("serving the request"));
        }
        JsonMapper json = JsonMapper.builder().build();
        List<String> lines = output.getOut().lines().filter(line -> !line.isBlank()).toList();
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            assertThat(line).as("a JSON object per line").startsWith("{").endsWith("}");
            json.readTree(line);                                   // throws unless it parses
        }
        String served = lines.stream().filter(line -> line.contains("serving the request")).findFirst().orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = json.readValue(served, Map.class);
        assertThat(fields).containsEntry("message", "serving the request")
                .containsEntry("requestId", "json-log-request-1")
                .containsKey("@timestamp");
        assertThat(served).contains("\"INFO\"").contains("gateway-service");
    }
}
