package io.dsv.shard.read;

import io.dsv.core.seal.SealContext;
import io.dsv.core.seal.SealException;
import io.dsv.core.seal.ShareSealer;
import io.dsv.core.seal.X25519Keys;
import io.dsv.shard.identity.NodeIdentity;
import io.dsv.shard.saga.CatchUpMonitor;
import io.dsv.shard.store.ShareRow;
import io.dsv.shard.store.ShareStore;
import java.util.Arrays;
import java.util.Base64;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves a share to a reader, re-sealed from this node's key to the reader's reply key (format 2, which
 * names this node as the sender): the share leaves this node sealed, as it arrived. The reply's
 * context is the storage context with "reply:" before the tx.
 */
@RestController
public class ShareController {

    private final ShareStore store;
    private final NodeIdentity identity;
    private final ShareSealer sealer;
    private final CatchUpMonitor catchUp;

    public ShareController(ShareStore store, NodeIdentity identity, ShareSealer sealer, CatchUpMonitor catchUp) {
        this.sealer = sealer;
        this.store = store;
        this.identity = identity;
        this.catchUp = catchUp;
    }

    /**
     * Whether this node holds the transaction's share, and how many commands still wait on its topic:
     * repair-service does not rebuild a share that may still be in that backlog (design §5.4).
     */
    @GetMapping("/internal/shares/{namespace}/{name}/{txId}/status")
    public ShareStatus status(@PathVariable String namespace, @PathVariable String name, @PathVariable String txId) {
        return new ShareStatus(store.find(namespace, name, txId).isPresent(), catchUp.lag());
    }

    @GetMapping("/internal/shares/{namespace}/{name}/{txId}")
    public ResponseEntity<SealedShareView> share(@PathVariable String namespace, @PathVariable String name,
                                                 @PathVariable String txId, @RequestParam String replyKey) {
        var replyPublicKey = decodeKey(replyKey);
        if (replyPublicKey == null) {
            return ResponseEntity.badRequest().build();
        }
        ShareRow row = store.find(namespace, name, txId).orElse(null);
        if (row == null) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).build();
        }
        SealContext stored = new SealContext(namespace, name, txId, row.shareIndex(), identity.nodeId());
        byte[] share = sealer.open(row.sealedBytes(), identity.keyPair(), stored);
        try {
            SealContext reply = new SealContext(namespace, name, "reply:" + txId, row.shareIndex(), identity.nodeId());
            byte[] resealed = sealer.sealFrom(share, identity.keyPair(), replyPublicKey, reply);
            return ResponseEntity.ok(new SealedShareView(identity.nodeId(), row.shareIndex(),
                    Base64.getEncoder().encodeToString(resealed)));
        } finally {
            Arrays.fill(share, (byte) 0);
        }
    }

    private static java.security.PublicKey decodeKey(String replyKey) {
        try {
            return X25519Keys.publicKey(Base64.getUrlDecoder().decode(replyKey));
        } catch (IllegalArgumentException | SealException e) {
            return null;
        }
    }

    public record SealedShareView(String nodeId, int shareIndex, String sealed) {
    }

    /** @param commandLag commands on the node's topic not applied yet; -1 while unknown */
    public record ShareStatus(boolean present, long commandLag) {
    }
}
