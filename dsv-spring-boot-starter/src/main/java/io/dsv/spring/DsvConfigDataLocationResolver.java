package io.dsv.spring;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.config.ConfigDataLocation;
import org.springframework.boot.context.config.ConfigDataLocationNotFoundException;
import org.springframework.boot.context.config.ConfigDataLocationResolver;
import org.springframework.boot.context.config.ConfigDataLocationResolverContext;
import org.springframework.boot.context.properties.bind.Binder;

/**
 * Resolves {@code spring.config.import=dsv:team-a} and {@code dsv:team-a/db-password}, with {@code dsv.address},
 * {@code dsv.token} (or {@code dsv.token-file}) and {@code dsv.ca-file} from the configuration read so far.
 */
public class DsvConfigDataLocationResolver implements ConfigDataLocationResolver<DsvConfigDataResource> {

    static final String PREFIX = "dsv:";

    @Override
    public boolean isResolvable(ConfigDataLocationResolverContext context, ConfigDataLocation location) {
        return location.hasPrefix(PREFIX);
    }

    @Override
    public List<DsvConfigDataResource> resolve(ConfigDataLocationResolverContext context, ConfigDataLocation location) {
        String target = location.getNonPrefixedValue(PREFIX);
        int slash = target.indexOf('/');
        String namespace = slash < 0 ? target : target.substring(0, slash);
        String name = slash < 0 ? null : target.substring(slash + 1);
        if (namespace.isEmpty() || (name != null && name.isEmpty())) {
            throw new IllegalArgumentException("spring.config.import " + location + ": expected dsv:NAMESPACE or"
                    + " dsv:NAMESPACE/NAME");
        }
        Binder binder = context.getBinder();
        String address = binder.bind("dsv.address", String.class).orElse("http://127.0.0.1:8080");
        char[] token = token(binder, location);
        String caFile = binder.bind("dsv.ca-file", String.class).orElse(null);
        return List.of(new DsvConfigDataResource(namespace, name, address, token, caFile, location.isOptional()));
    }

    private static char[] token(Binder binder, ConfigDataLocation location) {
        String token = binder.bind("dsv.token", String.class).orElse(null);
        if (token != null && !token.isBlank()) {
            return token.strip().toCharArray();
        }
        String file = binder.bind("dsv.token-file", String.class).orElse(null);
        if (file != null) {
            try {
                return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip().toCharArray();
            } catch (IOException e) {
                throw new IllegalStateException("spring.config.import " + location + ": cannot read dsv.token-file " + file, e);
            }
        }
        if (location.isOptional()) {
            return new char[0];
        }
        throw new ConfigDataLocationNotFoundException(location, "set dsv.token or dsv.token-file", null);
    }
}
