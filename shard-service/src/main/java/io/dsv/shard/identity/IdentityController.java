package io.dsv.shard.identity;

import java.util.Base64;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Publishes the node's id, weight and public key: what a writer needs to seal shares for it. */
@RestController
public class IdentityController {

    private final NodeIdentity identity;

    public IdentityController(NodeIdentity identity) {
        this.identity = identity;
    }

    @GetMapping("/internal/identity")
    public NodeIdentityView identity() {
        return new NodeIdentityView(identity.nodeId(), identity.weight(),
                Base64.getEncoder().encodeToString(identity.rawPublicKey()));
    }

    public record NodeIdentityView(String nodeId, int weight, String publicKey) {
    }
}
