package io.dsv.gateway.admin;

import io.dsv.client.ApiException;
import io.dsv.client.MetadataClient;
import io.dsv.core.domain.ErrorCode;
import io.dsv.core.domain.SecretId;
import io.dsv.core.protocol.AuditEvent;
import io.dsv.core.security.Capability;
import io.dsv.core.security.Policy;
import io.dsv.gateway.audit.AuditTrail;
import io.dsv.gateway.security.AccessGuard;
import io.dsv.gateway.security.DsvPrincipal;
import io.dsv.gateway.security.TokenAuthenticator;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tokens and the audit trail. A token may only mint tokens whose grants it holds itself, and must be
 * admin in each namespace it grants; revoking and reading the whole trail need admin on {@code *}.
 */
@RestController
@RequestMapping("/api/v1/admin")
public class AdminController {

    private final MetadataClient metadata;
    private final AccessGuard guard;
    private final AuditTrail audit;
    private final TokenAuthenticator authenticator;
    private final Duration defaultLifetime;
    private final Duration maxLifetime;

    public AdminController(MetadataClient metadata, AccessGuard guard, AuditTrail audit, TokenAuthenticator authenticator,
                           @Value("${dsv.auth.token-lifetime:90d}") Duration defaultLifetime,
                           @Value("${dsv.auth.token-max-lifetime:365d}") Duration maxLifetime) {
        this.defaultLifetime = defaultLifetime;
        this.maxLifetime = maxLifetime;
        this.metadata = metadata;
        this.guard = guard;
        this.audit = audit;
        this.authenticator = authenticator;
    }

    @PostMapping(value = "/tokens", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, String>> createToken(@RequestBody(required = false) TokenRequest request) {
        Instant expiresAt = expiry(request);
        if (request == null || request.name() == null || SecretId.problemWith(request.name()) != null) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "name is required: 1-128 of [A-Za-z0-9._-]", "name");
        }
        if (request.policies() == null || request.policies().isEmpty()) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "policies are required, e.g. {\"team-a\": [\"read\"]}", "policies");
        }
        Map<String, Set<String>> grants = new HashMap<>();
        Map<String, Set<Capability>> parsed = new HashMap<>();
        for (Map.Entry<String, List<String>> grant : request.policies().entrySet()) {
            String namespace = grant.getKey();
            if (!Policy.ANY.equals(namespace) && SecretId.problemWith(namespace) != null) {
                throw new ApiException(ErrorCode.INVALID_REQUEST, "policy namespace " + namespace + " is not valid", "policies");
            }
            EnumSet<Capability> capabilities = EnumSet.noneOf(Capability.class);
            for (String name : grant.getValue() == null ? List.<String>of() : grant.getValue()) {
                try {
                    capabilities.add(Capability.valueOf(String.valueOf(name).toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new ApiException(ErrorCode.INVALID_REQUEST, "unknown capability " + name
                            + "; use read, write, delete or admin", "policies");
                }
            }
            parsed.put(namespace, capabilities);
            grants.put(namespace, capabilities.stream().map(Enum::name).collect(java.util.stream.Collectors.toSet()));
        }
        DsvPrincipal principal = guard.current();
        for (String namespace : parsed.keySet()) {
            boolean admin = Policy.ANY.equals(namespace)
                    ? principal.policy().grants().getOrDefault(Policy.ANY, Set.of()).contains(Capability.ADMIN)
                    : principal.policy().allows(namespace, Capability.ADMIN);
            if (!admin) {
                throw new ApiException(ErrorCode.FORBIDDEN, "this token is not admin in " + namespace, "policies");
            }
        }
        if (!principal.policy().covers(new Policy(parsed))) {
            throw new ApiException(ErrorCode.FORBIDDEN, "a token cannot grant more than it holds", "policies");
        }
        if (principal.expiresAt() != null && principal.expiresAt().isBefore(expiresAt)) {
            expiresAt = principal.expiresAt();                      // a token outlives neither its grants nor its minter
        }
        audit.begin("*", request.name(), "token.create");
        String token = metadata.createToken(request.name(), grants, expiresAt, principal.tokenId());
        // the id (the token's middle part) is what revoking and the audit trail name; it grants nothing
        return ResponseEntity.status(201).body(Map.of("token", token, "id", token.split("\\.")[1],
                "expiresAt", expiresAt.toString()));
    }

    /** Now + the requested lifetime in seconds (default {@code dsv.auth.token-lifetime}, at most the maximum). */
    private Instant expiry(TokenRequest request) {
        if (request == null || request.expiresInSeconds() == null) {
            return Instant.now().plus(defaultLifetime);
        }
        long seconds = request.expiresInSeconds();
        if (seconds < 1 || seconds > maxLifetime.toSeconds()) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "expiresInSeconds must be 1.." + maxLifetime.toSeconds(),
                    "expiresInSeconds");
        }
        return Instant.now().plusSeconds(seconds);
    }

    @DeleteMapping("/tokens/{id}")
    public ResponseEntity<Void> revoke(@PathVariable String id) {
        requireWildcardAdmin();
        audit.begin("*", id, "token.revoke");
        if (!metadata.revokeToken(id)) {
            throw new ApiException(ErrorCode.NO_SUCH_ENDPOINT, "no such token");
        }
        authenticator.forget(id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping(value = "/audit", produces = MediaType.APPLICATION_JSON_VALUE)
    public List<AuditEvent> audit(@RequestParam(required = false) String namespace,
                                  @RequestParam(required = false) String actor,
                                  @RequestParam(required = false) String since,
                                  @RequestParam(defaultValue = "100") int limit) {
        if (namespace == null) {
            requireWildcardAdmin();
        } else {
            guard.require(namespace, Capability.ADMIN);
        }
        Instant from;
        try {
            from = since == null ? Instant.now().minusSeconds(86_400) : Instant.parse(since);
        } catch (DateTimeParseException e) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "since must be an ISO-8601 instant", "since");
        }
        audit.begin(namespace == null ? "*" : namespace, null, "audit.read");
        return metadata.audit(from, namespace, actor, Math.max(1, Math.min(limit, 1_000)));
    }

    private void requireWildcardAdmin() {
        if (!guard.current().policy().grants().getOrDefault(Policy.ANY, Set.of()).contains(Capability.ADMIN)) {
            throw new ApiException(ErrorCode.FORBIDDEN, "this needs admin on every namespace (*)");
        }
    }

    /** @param expiresInSeconds the new token's lifetime; null: {@code dsv.auth.token-lifetime} */
    public record TokenRequest(String name, Map<String, List<String>> policies, Long expiresInSeconds) {
    }
}
