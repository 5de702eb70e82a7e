package io.dsv.local;

import io.dsv.rpc.ClusterCa;
import io.dsv.rpc.Peer;
import io.dsv.rpc.Role;
import io.dsv.rpc.v1.Member;
import io.dsv.rpc.v1.Membership;
import io.dsv.rpc.v1.RebalanceResult;
import io.dsv.rpc.v1.SweepResult;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code dsv-operator}: what a person running a cluster does on its internal plane, as the operator
 * role (a certificate the cluster CA issues on first use): issue the services' certificates, create the
 * root token, run an anti-entropy sweep, read or change the ring. The local cluster's CA is the default.
 */
@Command(name = "dsv-operator", mixinStandardHelpOptions = true,
        description = "Operates a DSV cluster over its internal plane (gRPC, mutual TLS, the operator role).",
        subcommands = {OperatorMain.Certificates.class, OperatorMain.RootToken.class, OperatorMain.AntiEntropy.class,
                OperatorMain.MembershipCommand.class, OperatorMain.ForgetNodeKey.class, OperatorMain.KafkaAccessCommand.class})
public final class OperatorMain {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new OperatorMain())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("dsv-operator: " + (e instanceof StatusRuntimeException s
                            ? "the cluster refused or did not answer: " + s.getStatus().getCode() + " "
                                    + (s.getStatus().getDescription() == null ? "" : s.getStatus().getDescription())
                            : e.getMessage()));
                    return 1;
                });
    }

    /** Where the cluster CA lives, and who the operator is (a mixin of every command). */
    static final class CaOptions {
        @Option(names = "--ca", description = "The cluster CA's directory (ca.crt, ca.key; default: ${DEFAULT-VALUE},"
                + " the local cluster's).")
        Path ca = Path.of(".dsv", "tls", "internal");

        @Option(names = "--as", description = "The operator's id in its certificate (default: ${DEFAULT-VALUE}).")
        String operator = "operator-1";

        OperatorClient client() {
            return new OperatorClient(ClusterCa.loadOrCreate(ca).credentials(new Peer(Role.OPERATOR, operator)));
        }
    }

    /** Which instances a command is for: every one a Helm release or the compose file runs, and any more. */
    static final class InstanceOptions {
        @Option(names = "--helm", paramLabel = "RELEASE", description = "Every instance the Helm chart runs for RELEASE.")
        String helmRelease;

        @Option(names = "--metadata", description = "With --helm: metadata replicas (default: ${DEFAULT-VALUE}).")
        int metadata = 2;

        @Option(names = "--shards", description = "With --helm: shard replicas (default: ${DEFAULT-VALUE}).")
        int shards = 5;

        @Option(names = "--compose", description = "Every instance docker/compose.yaml runs.")
        boolean compose;

        @Option(names = "--peer", paramLabel = "ROLE:ID", description = "One more instance, e.g. shard:shard-6.")
        List<String> extra = new ArrayList<>();

        List<Peer> peers(CommandLine cmd) {
            List<Peer> peers = new ArrayList<>();
            try {
                if (helmRelease != null) {
                    peers.addAll(InternalCertificates.helm(helmRelease, metadata, shards));
                }
                if (compose) {
                    peers.addAll(InternalCertificates.compose());
                }
                for (String text : extra) {
                    peers.add(InternalCertificates.peer(text));
                }
            } catch (IllegalArgumentException e) {
                throw new ParameterException(cmd, e.getMessage());
            }
            if (peers.isEmpty()) {
                throw new ParameterException(cmd, "name the instances: --helm, --compose or --peer");
            }
            return peers;
        }
    }

    /** A service instance on the internal plane: {@code <id>@<host>:<port>}. */
    record Target(String id, String address) {
        static Target parse(String text, CommandLine cmd) {
            int at = text.indexOf('@');
            if (at <= 0 || at == text.length() - 1 || !text.substring(at + 1).matches("[^:@]+:\\d{1,5}")) {
                throw new ParameterException(cmd, "expected <id>@<host>:<port>, got '" + text + "'");
            }
            return new Target(text.substring(0, at), text.substring(at + 1));
        }
    }

    @Command(name = "certificates", mixinStandardHelpOptions = true,
            description = "Issues internal-plane certificates from the cluster CA into --out: ca.crt, and per instance"
                    + " <id>.<role>.dsv.crt and .key. The CA's own key never leaves --ca.")
    static final class Certificates implements Callable<Integer> {
        @Mixin CaOptions ca;
        @Spec CommandLine.Model.CommandSpec spec;

        @Option(names = "--out", required = true, description = "Where the certificates go (e.g. the files of a Secret).")
        Path out;

        @Mixin InstanceOptions instances;

        @Override
        public Integer call() {
            List<Peer> peers = instances.peers(spec.commandLine());
            List<Path> written = InternalCertificates.issue(ClusterCa.loadOrCreate(ca.ca), peers, out);
            PrintWriter stdout = spec.commandLine().getOut();
            written.forEach(stdout::println);
            return 0;
        }
    }

    @Command(name = "kafka-access", mixinStandardHelpOptions = true,
            description = "As the broker's administrator: creates DSV's topics, a SCRAM user per role (one per shard node)"
                    + " and each role's ACLs (README, Kafka users and ACLs), and writes each user's login to"
                    + " --out/<user>.jaas (the files of Helm's kafka.credentialsSecret). Passwords are made once and"
                    + " kept in --out/.passwords/, so running it again changes nothing.")
    static final class KafkaAccessCommand implements Callable<Integer> {
        @Spec CommandLine.Model.CommandSpec spec;

        @Option(names = "--admin-config", required = true, paramLabel = "FILE",
                description = "Kafka client properties logging in as an administrator (bootstrap.servers, security.protocol,"
                        + " sasl.mechanism, sasl.jaas.config, ...).")
        Path adminConfig;

        @Option(names = "--out", required = true, description = "Where the logins go.")
        Path out;

        @Mixin InstanceOptions instances;

        @Override
        public Integer call() throws java.io.IOException {
            List<Peer> peers = new ArrayList<>(instances.peers(spec.commandLine()));
            peers.removeIf(peer -> peer.role() == Role.OPERATOR);
            java.util.Properties config = new java.util.Properties();
            try (var in = java.nio.file.Files.newInputStream(adminConfig)) {
                config.load(in);
            }
            java.util.Map<String, Object> admin = new java.util.HashMap<>();
            config.forEach((key, value) -> admin.put(key.toString(), value));
            try (KafkaAccess access = new KafkaAccess(admin, user -> password(out.resolve(".passwords").resolve(user)))) {
                access.createTopics();
                java.util.Set<String> done = new java.util.TreeSet<>();
                for (Peer peer : peers) {
                    String user = KafkaAcls.user(peer);
                    if (done.add(user)) {
                        Path login = out.resolve(user + ".jaas");
                        io.dsv.core.security.OwnerOnlyFile.write(login, access.grant(peer));
                        spec.commandLine().getOut().println(login);
                    }
                }
            }
            return 0;
        }

        private static String password(Path file) {
            try {
                return io.dsv.core.security.OwnerOnlyFile.secret(file, 24);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot keep a password in " + file, e);
            }
        }
    }

    @Command(name = "root-token", mixinStandardHelpOptions = true,
            description = "Creates the root token (once, on a new cluster) and prints it; it is never shown again.")
    static final class RootToken implements Callable<Integer> {
        @Mixin CaOptions ca;
        @Spec CommandLine.Model.CommandSpec spec;

        @Option(names = "--metadata", required = true, paramLabel = "ID@HOST:PORT", description = "A metadata instance.")
        String metadata;

        @Override
        public Integer call() {
            Target target = Target.parse(metadata, spec.commandLine());
            try (OperatorClient client = ca.client()) {
                String token = client.createRootToken(target.id(), target.address());
                if (token == null) {
                    spec.commandLine().getErr().println("dsv-operator: this cluster's root token exists already; it is"
                            + " shown once only");
                    return 1;
                }
                spec.commandLine().getOut().println(token);
                return 0;
            }
        }
    }

    @Command(name = "forget-node-key", mixinStandardHelpOptions = true,
            description = "Forgets the public key recorded for a shard node at its first registration, so that the key"
                    + " it presents next is recorded instead: for a node whose key was replaced on purpose (its disk lost)."
                    + " Until then writers refuse a node that presents another key.")
    static final class ForgetNodeKey implements Callable<Integer> {
        @Mixin CaOptions ca;
        @Spec CommandLine.Model.CommandSpec spec;

        @Option(names = "--metadata", required = true, paramLabel = "ID@HOST:PORT", description = "A metadata instance.")
        String metadata;

        @CommandLine.Parameters(paramLabel = "NODE-ID", description = "The shard node, such as shard-3.")
        String nodeId;

        @Override
        public Integer call() {
            Target target = Target.parse(metadata, spec.commandLine());
            try (OperatorClient client = ca.client()) {
                byte[] forgotten = client.forgetNodeKey(target.id(), target.address(), nodeId);
                spec.commandLine().getOut().println(forgotten.length == 0 ? "no key was recorded for " + nodeId
                        : "forgot the key recorded for " + nodeId + " (" + java.util.HexFormat.of().formatHex(forgotten) + ")");
                return 0;
            }
        }
    }

    @Command(name = "anti-entropy", mixinStandardHelpOptions = true,
            description = "Runs an anti-entropy sweep now: every committed version's shares are checked on its holders"
                    + " and the missing ones rebuilt.")
    static final class AntiEntropy implements Callable<Integer> {
        @Mixin CaOptions ca;
        @Spec CommandLine.Model.CommandSpec spec;

        @Option(names = "--repair", required = true, paramLabel = "ID@HOST:PORT", description = "The repair service.")
        String repair;

        @Override
        public Integer call() {
            Target target = Target.parse(repair, spec.commandLine());
            try (OperatorClient client = ca.client()) {
                SweepResult sweep = client.antiEntropy(target.id(), target.address());
                spec.commandLine().getOut().printf("ranges differing %d, shares missing %d, rebuilt %d, nodes unreachable %d,"
                        + " %d ms%n", sweep.getRangesDiffering(), sweep.getSharesMissing(), sweep.getSharesRebuilt(),
                        sweep.getNodesUnreachable(), sweep.getDurationMillis());
                // a share missing and not rebuilt, or a node not asked, is work left: say so in the exit code
                return sweep.getSharesRebuilt() == sweep.getSharesMissing() && sweep.getNodesUnreachable() == 0 ? 0 : 3;
            }
        }
    }

    @Command(name = "membership", mixinStandardHelpOptions = true,
            description = "Prints the ring; with --member (every node of the new ring), changes it and moves the shares"
                    + " whose holders changed before it answers.")
    static final class MembershipCommand implements Callable<Integer> {
        @Mixin CaOptions ca;
        @Spec CommandLine.Model.CommandSpec spec;

        @Option(names = "--repair", required = true, paramLabel = "ID@HOST:PORT", description = "The repair service.")
        String repair;

        @Option(names = "--member", paramLabel = "ID@HOST:PORT[/WEIGHT]", description = "A node of the new ring.")
        List<String> members = new ArrayList<>();

        @Override
        public Integer call() {
            Target target = Target.parse(repair, spec.commandLine());
            List<Member> ring = new ArrayList<>();
            for (String text : members) {
                String[] weighted = text.split("/", 2);
                int weight = 1;
                try {
                    weight = weighted.length == 2 ? Integer.parseInt(weighted[1]) : 1;
                } catch (NumberFormatException e) {
                    weight = 0;
                }
                if (weight < 1) {
                    throw new ParameterException(spec.commandLine(), "a member's weight is a whole number >= 1: '" + text + "'");
                }
                Target node = Target.parse(weighted[0], spec.commandLine());
                ring.add(Member.newBuilder().setNodeId(node.id()).setAddress(node.address()).setWeight(weight).build());
            }
            PrintWriter out = spec.commandLine().getOut();
            try (OperatorClient client = ca.client()) {
                if (ring.isEmpty()) {
                    print(out, client.membership(target.id(), target.address()));
                    return 0;
                }
                RebalanceResult result = client.changeMembership(target.id(), target.address(), ring);
                out.printf("epoch %d: shares %d, moved %d, failed %d%n", result.getEpoch(), result.getSharesTotal(),
                        result.getSharesMoved(), result.getSharesFailed());
                return result.getSharesFailed() == 0 ? 0 : 3;
            }
        }

        private static void print(PrintWriter out, Membership membership) {
            out.printf("epoch %d%n", membership.getEpoch());
            for (Member member : membership.getMembersList()) {
                out.printf("%s@%s/%d%n", member.getNodeId(), member.getAddress(), member.getWeight());
            }
        }
    }
}
