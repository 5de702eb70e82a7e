package io.dsv.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsv.gateway.env.EnvController.EnvFileRequest;
import org.junit.jupiter.api.Test;

/** Request records never print a value (issue 13): a log line or message that names the request shows none. */
class SecretRequestsTest {

    @Test
    void bodiesThatCarryAValueShowEverythingButTheValue() {
        assertThat(new SecretRequests.Create("team-a", "db", "hunter2").toString())
                .contains("team-a", "db").doesNotContain("hunter2");
        assertThat(new SecretRequests.Update("team-a", "db", "hunter3").toString())
                .contains("team-a", "db").doesNotContain("hunter3");
        assertThat(new EnvFileRequest("DB=enc(hunter4)").toString()).doesNotContain("hunter4");
        assertThat(new SecretRequests.Create("team-a", "db", null).toString()).contains("secretValue=null");
    }
}
