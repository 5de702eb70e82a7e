package io.dsv.metadata.api;

import io.dsv.core.domain.ErrorCode;
import io.dsv.core.protocol.IdempotencyRecord;
import io.dsv.core.protocol.VersionList;
import io.dsv.metadata.store.MetadataStore;
import io.dsv.metadata.store.SecretHead;
import io.dsv.metadata.store.SecretVersion;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Lookups for gateways: which version a read wants and who holds its shares. Answers only from
 * committed state; a version that is pending, deleted or destroyed is not readable.
 */
@RestController
public class LookupController {

    private final MetadataStore store;

    public LookupController(MetadataStore store) {
        this.store = store;
    }

    @GetMapping("/internal/secrets/{namespace}/{name}")
    public ResponseEntity<?> lookup(@PathVariable String namespace, @PathVariable String name,
                                    @RequestParam(required = false) Long version,
                                    @RequestParam(required = false) Instant at) {
        Optional<SecretHead> head = store.head(namespace, name);
        if (head.isEmpty() || head.get().latestVersion() == 0) {
            return notFound(ErrorCode.SECRET_NOT_FOUND, "secret " + namespace + "/" + name + " does not exist");
        }
        Optional<SecretVersion> found;
        if (version != null) {
            found = store.version(namespace, name, version);
        } else if (at != null) {
            found = store.versions(namespace, name).stream()
                    .filter(v -> v.validFrom() != null && !at.isBefore(v.validFrom())
                            && (v.validTo() == null || at.isBefore(v.validTo())))
                    .findFirst();
        } else {
            if (!head.get().live()) {
                return notFound(ErrorCode.SECRET_NOT_FOUND, "secret " + namespace + "/" + name + " does not exist");
            }
            found = store.version(namespace, name, head.get().latestVersion());
        }
        if (found.isEmpty() || !found.get().readable()) {
            return notFound(version != null || at != null ? ErrorCode.VERSION_NOT_FOUND : ErrorCode.SECRET_NOT_FOUND,
                    "no readable version of " + namespace + "/" + name + " matches");
        }
        return ResponseEntity.ok(VersionViews.of(found.get()));
    }

    @GetMapping("/internal/secrets/{namespace}/{name}/versions")
    public ResponseEntity<?> versions(@PathVariable String namespace, @PathVariable String name) {
        List<SecretVersion> versions = store.versions(namespace, name);
        if (versions.isEmpty()) {
            return notFound(ErrorCode.SECRET_NOT_FOUND, "secret " + namespace + "/" + name + " does not exist");
        }
        boolean live = store.head(namespace, name).map(SecretHead::live).orElse(false);
        return ResponseEntity.ok(new VersionList(live, versions.stream().map(VersionViews::of).toList()));
    }

    @GetMapping("/internal/idempotency/{namespace}/{key}")
    public ResponseEntity<?> idempotency(@PathVariable String namespace, @PathVariable String key) {
        return store.idempotency(namespace, key)
                .<ResponseEntity<?>>map(row -> ResponseEntity.ok(new IdempotencyRecord(row.namespace(),
                        row.idempotencyKey(), row.name(), row.operation(), row.version())))
                .orElseGet(() -> notFound(ErrorCode.SECRET_NOT_FOUND, "no record of that idempotency key"));
    }

    private static ResponseEntity<ProblemDetail> notFound(ErrorCode code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(org.springframework.http.HttpStatus.NOT_FOUND, detail);
        problem.setProperty("code", code.code());
        return ResponseEntity.status(404).body(problem);
    }
}
