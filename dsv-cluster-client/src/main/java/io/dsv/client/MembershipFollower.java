package io.dsv.client;

import io.dsv.core.protocol.MembershipChange;
import io.dsv.core.protocol.Message;
import io.dsv.core.protocol.MessageCodec;
import io.dsv.core.protocol.Topics;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * Follows {@code dsv.membership} from its beginning and hands every membership to the
 * {@link ShardDirectory}, which keeps the newest: so a service that starts late still builds the
 * ring everyone else uses.
 */
public class MembershipFollower extends TopicFollower {

    private static final Logger log = LoggerFactory.getLogger(MembershipFollower.class);

    private final ShardDirectory directory;

    public MembershipFollower(ConsumerFactory<String, byte[]> consumers, ShardDirectory directory) {
        super(consumers, Topics.MEMBERSHIP);
        this.directory = directory;
    }

    @Override
    protected void position(Consumer<String, byte[]> consumer, List<TopicPartition> partitions) {
        consumer.seekToBeginning(partitions);
    }

    @Override
    protected void handle(byte[] value) {
        Message message = MessageCodec.decode(value);
        if (message instanceof MembershipChange change && directory.apply(change)) {
            log.info("Ring membership epoch {}: {} nodes", change.epoch(), change.members().size());
        }
    }
}
