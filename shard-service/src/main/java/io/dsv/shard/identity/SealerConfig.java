package io.dsv.shard.identity;

import io.dsv.core.seal.ShareSealer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One sealer for this node's key, shared by the command listener and the read endpoint, so that the
 * agreement made when a share is stored also serves its reads, and each reader's reply key costs one
 * agreement per rotation, not one per reply.
 */
@Configuration(proxyBeanMethods = false)
public class SealerConfig {

    @Bean
    ShareSealer shareSealer(@Value("${dsv.shard.agreement-cache:50000}") int agreements) {
        return ShareSealer.caching(agreements);
    }
}
