package io.dsv.local;

/** Placeholder until the local-cluster launcher lands (issue 3). */
public final class LocalCluster {

    private LocalCluster() {
    }

    public static void main(String[] args) {
        System.err.println("dsv-local: the local cluster is not built yet.");
        System.exit(2);
    }
}
