package io.dsv.client;

import io.dsv.core.protocol.MembershipChange;
import io.dsv.core.protocol.Message;
import io.dsv.core.protocol.MessageCodec;
import io.dsv.core.protocol.Topics;
import io.dsv.rpc.ClusterSignatures;
import io.dsv.rpc.Peer;
import io.dsv.rpc.Role;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * Follows {@code dsv.membership} from its beginning and hands every membership to the
 * {@link ShardDirectory}, which keeps the newest: so a service that starts late still builds the
 * ring everyone else uses. A record is adopted only when repair-service signed it (a certificate of
 * the cluster CA naming the repair role, over exactly this change) and it is a membership anyone could
 * adopt; any other is skipped, counted in {@code dsv.membership.rejected} and logged, never retried.
 */
public class MembershipFollower extends TopicFollower {

    private static final Logger log = LoggerFactory.getLogger(MembershipFollower.class);

    private final ShardDirectory directory;
    private final ClusterSignatures signatures;
    private final Counter rejected;

    public MembershipFollower(ConsumerFactory<String, byte[]> consumers, ShardDirectory directory,
                              ClusterSignatures signatures, MeterRegistry meters) {
        super(consumers, Topics.MEMBERSHIP);
        this.directory = directory;
        this.signatures = signatures;
        this.rejected = Counter.builder("dsv.membership.rejected")
                .description("membership records skipped: unsigned, not signed by repair, or not adoptable").register(meters);
    }

    @Override
    protected void position(Consumer<String, byte[]> consumer, List<TopicPartition> partitions) {
        consumer.seekToBeginning(partitions);
    }

    @Override
    protected void handle(byte[] value) {
        Message message;
        try {
            message = MessageCodec.decode(value);
        } catch (MessageCodec.MalformedMessageException e) {
            reject("a record that does not decode");
            return;
        }
        if (!(message instanceof MembershipChange change)) {
            return;
        }
        Optional<String> why = whyNot(change);
        if (why.isPresent()) {
            reject(why.get());
        } else if (directory.apply(change)) {
            log.info("Ring membership epoch {}: {} nodes", change.epoch(), change.members().size());
        }
    }

    /** Why this change must not be adopted, or empty. */
    Optional<String> whyNot(MembershipChange change) {
        Optional<Peer> signer = signatures.signer(change.statement(), change.signer(), change.signature());
        if (signer.isEmpty()) {
            return Optional.of("epoch " + change.epoch() + " is not signed by a certificate of the cluster CA");
        }
        if (signer.get().role() != Role.REPAIR) {
            return Optional.of("epoch " + change.epoch() + " is signed by " + signer.get() + ", not by repair");
        }
        return change.problem(directory.n()).map(problem -> "epoch " + change.epoch() + ": " + problem);
    }

    private void reject(String why) {
        rejected.increment();
        log.warn("Membership record skipped: {}", why);
    }
}
