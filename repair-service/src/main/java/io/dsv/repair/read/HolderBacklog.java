package io.dsv.repair.read;

import io.dsv.client.ShardDirectory;
import io.dsv.core.domain.SecretId;
import io.dsv.core.protocol.Holder;
import io.dsv.client.rpc.InternalPlane;
import io.dsv.client.rpc.Protos;
import io.dsv.rpc.v1.ShareStatus;
import io.dsv.rpc.v1.ShareStatusRequest;
import org.springframework.stereotype.Component;

/**
 * Before a share is rebuilt for a holder: does the holder have it after all, or may it still be in the
 * commands waiting on its topic? A version committed at W < n leaves a holder whose share is a hint in
 * flight, not a loss (design §5.4); only a holder that answers, has caught up, and lacks the share has
 * lost it.
 */
@Component
public class HolderBacklog {

    public enum Status { PRESENT, IN_BACKLOG, MISSING }

    private final ShardDirectory directory;
    private final InternalPlane plane;

    public HolderBacklog(ShardDirectory directory, InternalPlane plane) {
        this.directory = directory;
        this.plane = plane;
    }

    public Status of(SecretId id, String txId, Holder holder) {
        try {
            ShareStatus status = plane.shard(holder.nodeId(), directory.address(holder.nodeId())).status(
                    ShareStatusRequest.newBuilder().setKey(Protos.key(id.namespace(), id.name())).setTxId(txId).build());
            return status.getPresent() ? Status.PRESENT : status.getCommandLag() == 0 ? Status.MISSING : Status.IN_BACKLOG;
        } catch (RuntimeException e) {
            return Status.IN_BACKLOG;                           // down or paused: its topic keeps its commands
        }
    }
}
