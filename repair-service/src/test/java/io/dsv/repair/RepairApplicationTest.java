package io.dsv.repair;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

@SpringBootTest(properties = {"spring.config.name=" + RepairApplication.CONFIG_NAME,
        "spring.kafka.admin.auto-create=false", "spring.kafka.listener.auto-startup=false",
        "dsv.internal.key=MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE="})
@AutoConfigureMockMvc
class RepairApplicationTest {

    @Autowired
    MockMvc mvc;

    /** No Kafka runs in this test: the service is alive, but not ready. */
    @Test
    void isLiveButNotReadyWithoutKafka() throws Exception {
        mvc.perform(get("/actuator/health/liveness"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"));
        mvc.perform(get("/actuator/health/readiness"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.components.kafka.status").value("DOWN"));
    }
}
