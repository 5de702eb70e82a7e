package io.dsv.repair.config;

import io.dsv.core.protocol.MessageCodec;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

@Configuration(proxyBeanMethods = false)
public class RepairKafkaConfig {

    /** A repair that fails is retried a few times, then left to the next read or sweep. */
    @Bean
    CommonErrorHandler repairErrorHandler() {
        DefaultErrorHandler handler = new DefaultErrorHandler(new FixedBackOff(500, 3));
        handler.addNotRetryableExceptions(MessageCodec.MalformedMessageException.class);
        return handler;
    }
}
