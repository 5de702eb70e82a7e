package io.dsv.repair.read;

import io.dsv.client.ShardDirectory;
import io.dsv.core.domain.SecretId;
import io.dsv.core.protocol.Holder;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

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
    private final RestClient http;

    public HolderBacklog(ShardDirectory directory, RestClient.Builder http) {
        this.directory = directory;
        this.http = http.build();
    }

    public Status of(SecretId id, String txId, Holder holder) {
        try {
            ShareStatus status = http.get().uri(directory.url(holder.nodeId()) + "/internal/shares/{namespace}/{name}/{txId}/status",
                    id.namespace(), id.name(), txId).retrieve().body(ShareStatus.class);
            if (status == null) {
                return Status.IN_BACKLOG;
            }
            return status.present() ? Status.PRESENT : status.commandLag() == 0 ? Status.MISSING : Status.IN_BACKLOG;
        } catch (RuntimeException e) {
            return Status.IN_BACKLOG;                           // down or paused: its topic keeps its commands
        }
    }

    record ShareStatus(boolean present, long commandLag) {
    }
}
