package io.dsv.spring;

import io.dsv.sdk.DsvClient;
import io.dsv.sdk.DsvException;
import io.dsv.sdk.Secret;
import io.dsv.sdk.SecretName;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.config.ConfigData;
import org.springframework.boot.context.config.ConfigDataLoader;
import org.springframework.boot.context.config.ConfigDataLoaderContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Loads a namespace's latest secrets (or one) as properties named like the secrets, through the SDK. An
 * unreachable DSV fails the start with a message naming the location (never a value), unless the import
 * is {@code optional:dsv:...}, which then adds nothing.
 */
public class DsvConfigDataLoader implements ConfigDataLoader<DsvConfigDataResource> {

    @Override
    public ConfigData load(ConfigDataLoaderContext context, DsvConfigDataResource resource) {
        if (resource.token.length == 0) {
            return ConfigData.EMPTY;                               // optional, and no token configured
        }
        DsvClient.Builder builder = DsvClient.builder().address(resource.address).token(resource.token)
                .timeout(Duration.ofSeconds(10)).retries(1);
        if (resource.caFile != null) {
            builder.caFile(Path.of(resource.caFile));
        }
        DsvClient dsv = builder.build();
        try {
            Map<String, Object> properties = new LinkedHashMap<>();
            List<String> names = resource.name != null ? List.of(resource.name)
                    : dsv.listAll(resource.namespace, null).stream().map(SecretName::name).toList();
            for (String name : names) {
                Secret secret = dsv.get(resource.namespace, name);
                properties.put(name, new String(secret.value(), StandardCharsets.UTF_8));
                secret.wipe();
            }
            return new ConfigData(List.of(new MapPropertySource("dsv:" + resource.namespace
                    + (resource.name == null ? "" : "/" + resource.name), properties)));
        } catch (DsvException.Unavailable e) {
            if (resource.optional) {
                return ConfigData.EMPTY;
            }
            throw new IllegalStateException("spring.config.import " + resource + ": DSV did not answer (" + e.getMessage()
                    + "); use optional:dsv:... to start without it", e);
        } catch (DsvException e) {
            throw new IllegalStateException("spring.config.import " + resource + ": " + e.getMessage(), e);
        }
    }
}
