package io.dsv.cli;

import io.dsv.core.domain.SecretId;
import io.dsv.sdk.DsvClient;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine.Option;

/** Options every command that calls DSV shares: where it is, which namespace, how to print. */
final class Target {

    @Option(names = {"-n", "--namespace"}, description = "The namespace (default: $DSV_NAMESPACE).")
    String namespace;

    @Option(names = "--addr", description = "DSV's address (default: $DSV_ADDR, then what dsv login stored, then "
            + CliConfig.DEFAULT_ADDRESS + ").")
    String address;

    @Option(names = "--ca-file", description = "PEM certificates to trust for HTTPS (default: $DSV_CA_FILE).")
    String caFile;

    @Option(names = {"-o", "--output"}, description = "text or json (default: ${DEFAULT-VALUE}).")
    Output output = Output.text;

    enum Output { text, json }

    String namespace() {
        String ns = DsvMain.config().namespace(namespace);
        if (ns == null || ns.isBlank()) {
            throw new CliException(CliException.USAGE, "no namespace: pass -n NAMESPACE or set DSV_NAMESPACE");
        }
        String problem = SecretId.problemWith(ns);
        if (problem != null) {
            throw new CliException(CliException.USAGE, "namespace " + problem);
        }
        return ns;
    }

    DsvClient client() {
        CliConfig config = DsvMain.config();
        char[] token = config.token();
        if (token == null) {
            throw new CliException(CliException.DENIED, "not logged in: run dsv login (or set DSV_TOKEN)");
        }
        try {
            DsvClient.Builder builder = DsvClient.builder().address(config.address(address)).token(token);
            String ca = config.caFile(caFile);
            if (ca != null && !ca.isBlank()) {
                builder.caFile(Path.of(ca));
            }
            return builder.build();
        } finally {
            Arrays.fill(token, '\0');
        }
    }

    boolean json() {
        return output == Output.json;
    }
}
