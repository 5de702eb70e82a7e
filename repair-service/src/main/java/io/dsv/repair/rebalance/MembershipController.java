package io.dsv.repair.rebalance;

import io.dsv.client.ShardDirectory;
import io.dsv.core.protocol.MembershipChange;
import io.dsv.core.protocol.MessageCodec;
import io.dsv.core.protocol.Topics;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * An operator changes the ring here: {@code POST /internal/membership} with every shard node that
 * should be in it. The new membership goes on {@code dsv.membership} (every gateway follows it for
 * new writes), and the shares whose preference list changed are moved before the answer.
 */
@RestController
public class MembershipController {

    private final ShardDirectory directory;
    private final Rebalancer rebalancer;
    private final KafkaTemplate<String, byte[]> kafka;

    public MembershipController(ShardDirectory directory, Rebalancer rebalancer, KafkaTemplate<String, byte[]> kafka) {
        this.directory = directory;
        this.rebalancer = rebalancer;
        this.kafka = kafka;
    }

    @GetMapping("/internal/membership")
    public MembershipChange current() {
        return new MembershipChange("current", directory.epoch(), directory.members());
    }

    @PostMapping("/internal/membership")
    public ResponseEntity<?> change(@RequestBody MembershipRequest request) throws Exception {
        if (request == null || request.members() == null || request.members().isEmpty()) {
            return ResponseEntity.badRequest().body("members are required");
        }
        try {
            directory.check(request.members());               // never publish a membership no one could adopt
        } catch (IllegalArgumentException e) {
            return ResponseEntity.badRequest().body(e.getMessage());
        }
        long epoch = Math.max(directory.epoch() + 1, System.currentTimeMillis());
        MembershipChange change = new MembershipChange(UUID.randomUUID().toString(), epoch, request.members());
        kafka.send(Topics.MEMBERSHIP, "membership", MessageCodec.encode(change)).get(10, TimeUnit.SECONDS);
        // Published: adopt it here now rather than wait for our own follower, which will see the same
        // epoch and ignore it. Everyone else follows the topic.
        directory.apply(change);
        return ResponseEntity.ok(rebalancer.rebalance());
    }

    public record MembershipRequest(List<MembershipChange.Member> members) {
    }
}
