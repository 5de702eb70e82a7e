package io.dsv.repair.rebalance;

import io.dsv.client.ShardDirectory;
import io.dsv.core.protocol.MembershipChange;
import io.dsv.rpc.ClusterSignatures;
import io.dsv.core.protocol.MessageCodec;
import io.dsv.core.protocol.Topics;
import io.dsv.repair.antientropy.AntiEntropySweeper;
import io.dsv.rpc.v1.Empty;
import io.dsv.rpc.v1.Member;
import io.dsv.rpc.v1.Membership;
import io.dsv.rpc.v1.RebalanceResult;
import io.dsv.rpc.v1.RepairGrpc;
import io.dsv.rpc.v1.SweepResult;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * What an operator asks of repair-service on the internal plane (operators only: {@link
 * io.dsv.rpc.AllowedCallers}): the current ring, a new one, and an anti-entropy sweep now. A new
 * membership goes on {@code dsv.membership} (every gateway follows it for new writes), and the shares
 * whose preference list changed are moved before the answer.
 */
@Component
public class RepairRpc extends RepairGrpc.RepairImplBase {

    private final ShardDirectory directory;
    private final Rebalancer rebalancer;
    private final AntiEntropySweeper sweeper;
    private final KafkaTemplate<String, byte[]> kafka;
    private final ClusterSignatures signatures;

    public RepairRpc(ShardDirectory directory, Rebalancer rebalancer, AntiEntropySweeper sweeper,
                     KafkaTemplate<String, byte[]> kafka, ClusterSignatures signatures) {
        this.signatures = signatures;
        this.directory = directory;
        this.rebalancer = rebalancer;
        this.sweeper = sweeper;
        this.kafka = kafka;
    }

    @Override
    public void currentMembership(Empty request, StreamObserver<Membership> answer) {
        answer.onNext(Membership.newBuilder().setEpoch(directory.epoch()).addAllMembers(directory.members().stream()
                .map(m -> Member.newBuilder().setNodeId(m.nodeId()).setAddress(m.address()).setWeight(m.weight()).build())
                .toList()).build());
        answer.onCompleted();
    }

    @Override
    public void changeMembership(Membership request, StreamObserver<RebalanceResult> answer) {
        List<MembershipChange.Member> members = request.getMembersList().stream()
                .map(m -> new MembershipChange.Member(m.getNodeId(), m.getAddress(), m.getWeight())).toList();
        try {
            directory.check(members);                           // never publish a membership no one could adopt
        } catch (IllegalArgumentException e) {
            answer.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        try {
            long epoch = Math.max(directory.epoch() + 1, System.currentTimeMillis());
            MembershipChange unsigned = new MembershipChange(UUID.randomUUID().toString(), epoch, members);
            ClusterSignatures.Signed signed = signatures.sign(unsigned.statement());   // readers adopt only repair's
            MembershipChange change = unsigned.signed(signed.certificate(), signed.signature());
            kafka.send(Topics.MEMBERSHIP, "membership", MessageCodec.encode(change)).get(10, TimeUnit.SECONDS);
            // Published: adopt it here now rather than wait for our own follower, which will see the same
            // epoch and ignore it. Everyone else follows the topic.
            directory.apply(change);
            Rebalancer.RebalanceResult result = rebalancer.rebalance();
            answer.onNext(RebalanceResult.newBuilder().setEpoch(result.epoch()).setSharesTotal(result.sharesTotal())
                    .setSharesMoved(result.sharesMoved()).setSharesFailed(result.sharesFailed()).build());
            answer.onCompleted();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            answer.onError(Status.UNAVAILABLE.withDescription("the membership could not be published: "
                    + e.getClass().getSimpleName()).asRuntimeException());
        }
    }

    @Override
    public void antiEntropy(Empty request, StreamObserver<SweepResult> answer) {
        AntiEntropySweeper.SweepResult result = sweeper.sweep();
        answer.onNext(SweepResult.newBuilder().setRangesDiffering(result.rangesDiffering())
                .setSharesMissing(result.sharesMissing()).setSharesRebuilt(result.sharesRebuilt())
                .setNodesUnreachable(result.nodesUnreachable()).setDurationMillis(result.durationMillis()).build());
        answer.onCompleted();
    }
}
