package io.dsv.metadata.tokens;

import io.dsv.core.protocol.TokenRecord;
import java.util.Map;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Token records for gateways (internal, behind the service-token filter). */
@RestController
public class TokenController {

    private final TokenStore tokens;

    public TokenController(TokenStore tokens) {
        this.tokens = tokens;
    }

    @PostMapping("/internal/tokens")
    public ResponseEntity<NewToken> create(@RequestBody TokenRequest request) {
        return ResponseEntity.status(201).body(new NewToken(tokens.create(request.name(), request.policies())));
    }

    /** 201 with the root token the first time, 409 ever after: it is printed once and never again. */
    @PostMapping("/internal/tokens/root")
    public ResponseEntity<NewToken> root() {
        return tokens.createRootOnce()
                .map(token -> ResponseEntity.status(201).body(new NewToken(token)))
                .orElseGet(() -> ResponseEntity.status(409).build());
    }

    @GetMapping("/internal/tokens/{id}")
    public ResponseEntity<TokenRecord> find(@PathVariable String id) {
        return tokens.find(id).map(ResponseEntity::ok).orElseGet(() -> ResponseEntity.notFound().build());
    }

    @DeleteMapping("/internal/tokens/{id}")
    public ResponseEntity<Void> revoke(@PathVariable String id) {
        return tokens.revoke(id) ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
    }

    public record TokenRequest(String name, Map<String, Set<String>> policies) {
    }

    public record NewToken(String token) {
        @Override
        public String toString() {
            return "NewToken[...]";
        }
    }
}
