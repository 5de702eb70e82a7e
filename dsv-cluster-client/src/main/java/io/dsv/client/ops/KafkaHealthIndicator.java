package io.dsv.client.ops;

import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.core.KafkaAdmin;

/** DOWN when the Kafka cluster does not answer a describe-cluster within two seconds: readiness follows it. */
public class KafkaHealthIndicator implements HealthIndicator, DisposableBean {

    private final Admin admin;

    public KafkaHealthIndicator(KafkaAdmin kafkaAdmin) {
        this.admin = Admin.create(kafkaAdmin.getConfigurationProperties());
    }

    @Override
    public Health health() {
        try {
            int nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(2_000)).nodes()
                    .get(3, TimeUnit.SECONDS).size();
            return Health.up().withDetail("brokers", nodes).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down().withDetail("error", "interrupted").build();
        } catch (Exception e) {
            return Health.down().withDetail("error", e.getClass().getSimpleName()).build();
        }
    }

    @Override
    public void destroy() {
        admin.close();
    }
}
