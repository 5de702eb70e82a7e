package io.dsv.gateway.audit;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class AuditConfig {

    /** Outside Spring Security's chain (order -100), so refused requests are recorded too. */
    @Bean
    FilterRegistrationBean<AuditFilter> auditFilter(AuditTrail trail, io.micrometer.core.instrument.MeterRegistry meters) {
        FilterRegistrationBean<AuditFilter> registration = new FilterRegistrationBean<>(new AuditFilter(trail, meters));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(-150);
        return registration;
    }
}
