package io.dsv.repair;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.dsv.rpc.ClusterCa;
import io.dsv.rpc.Peer;
import io.dsv.rpc.Role;
import io.dsv.rpc.RpcTls;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

@SpringBootTest(properties = {"spring.config.name=" + RepairApplication.CONFIG_NAME,
        "spring.kafka.admin.auto-create=false", "spring.kafka.listener.auto-startup=false", "dsv.rpc.port=0"})
@AutoConfigureMockMvc
class RepairApplicationTest {

    @TempDir
    static Path tls;

    /** The internal plane is mutual TLS only: the service does not start without its certificate. */
    @DynamicPropertySource
    static void internalPlane(DynamicPropertyRegistry registry) {
        RpcTls credentials = ClusterCa.loadOrCreate(tls).credentials(new Peer(Role.REPAIR, "repair-1"));
        registry.add("dsv.rpc.tls.ca", credentials::ca);
        registry.add("dsv.rpc.tls.certificate", credentials::certificate);
        registry.add("dsv.rpc.tls.private-key", credentials::privateKey);
    }

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
