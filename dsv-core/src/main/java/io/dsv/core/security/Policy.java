package io.dsv.core.security;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * A token's grants: namespace → capabilities, where the namespace {@code *} stands for every
 * namespace. A grant is checked at the edge, before anything about the namespace is looked up, so a
 * refusal never tells whether a secret exists.
 */
public record Policy(Map<String, Set<Capability>> grants) {

    public static final String ANY = "*";

    public Policy {
        grants = Map.copyOf(grants);
    }

    public static Policy root() {
        return new Policy(Map.of(ANY, EnumSet.allOf(Capability.class)));
    }

    public boolean allows(String namespace, Capability capability) {
        Set<Capability> exact = grants.get(namespace);
        if (exact != null && exact.contains(capability)) {
            return true;
        }
        Set<Capability> any = grants.get(ANY);
        return any != null && any.contains(capability);
    }

    /** Whether this policy holds every grant of {@code other}: a token may only mint tokens weaker than itself. */
    public boolean covers(Policy other) {
        for (Map.Entry<String, Set<Capability>> grant : other.grants.entrySet()) {
            for (Capability capability : grant.getValue()) {
                boolean held = ANY.equals(grant.getKey())
                        ? grants.getOrDefault(ANY, Set.of()).contains(capability)
                        : allows(grant.getKey(), capability);
                if (!held) {
                    return false;
                }
            }
        }
        return true;
    }
}
