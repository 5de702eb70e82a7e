package io.dsv.rpc;

/** What a service instance is, as its certificate says: the allow-lists are written in roles. */
public enum Role {
    GATEWAY,
    METADATA,
    REPAIR,
    SHARD,
    /** A person or script running the cluster (dsv-local's own calls, an operator's CLI). */
    OPERATOR;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
