package io.dsv.spring;

import java.util.Objects;
import org.springframework.boot.context.config.ConfigDataResource;

/**
 * {@code dsv:NAMESPACE} (every latest secret of the namespace) or {@code dsv:NAMESPACE/NAME} (one), with
 * where DSV is and how to log in. {@code toString} names the location, never the token.
 */
final class DsvConfigDataResource extends ConfigDataResource {

    final String namespace;
    final String name;
    final String address;
    final char[] token;
    final String caFile;
    final boolean optional;

    DsvConfigDataResource(String namespace, String name, String address, char[] token, String caFile, boolean optional) {
        super(optional);
        this.optional = optional;
        this.namespace = namespace;
        this.name = name;
        this.address = address;
        this.token = token;
        this.caFile = caFile;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DsvConfigDataResource other && namespace.equals(other.namespace)
                && Objects.equals(name, other.name) && address.equals(other.address);
    }

    @Override
    public int hashCode() {
        return Objects.hash(namespace, name, address);
    }

    @Override
    public String toString() {
        return "dsv:" + namespace + (name == null ? "" : "/" + name) + " at " + address;
    }
}
