package io.dsv.metadata.api;

import io.dsv.core.domain.ErrorCode;
import io.dsv.core.protocol.VersionList;
import io.dsv.metadata.ledger.Ledgers;
import io.dsv.metadata.ledger.PartitionLedger;
import io.dsv.metadata.store.SecretVersion;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Look-ups for gateways and repair, answered by the owner of the key's partition from its memory (design
 * §5.1): it applies each decision there before it tells the coordinator, so a read after an answered
 * write sees it from any gateway. Any other instance, or the owner while it replays its partition,
 * answers 421 {@code not_owner}: the caller asks {@code /internal/partitions} who owns it now.
 */
@RestController
public class LookupController {

    public static final String NOT_OWNER = "not_owner";

    private final Ledgers ledgers;

    public LookupController(Ledgers ledgers) {
        this.ledgers = ledgers;
    }

    /** The partitions this instance owns and has caught up with: where gateways send their look-ups. */
    @GetMapping("/internal/partitions")
    public Map<String, List<Integer>> partitions() {
        return Map.of("ready", ledgers.readyPartitions());
    }

    @GetMapping("/internal/secrets/{namespace}/{name}")
    public ResponseEntity<?> lookup(@PathVariable String namespace, @PathVariable String name,
                                    @RequestParam(required = false) Long version,
                                    @RequestParam(required = false) Instant at) {
        Optional<PartitionLedger> ledger = ledgers.readyFor(namespace, name);
        if (ledger.isEmpty()) {
            return notOwner();
        }
        List<SecretVersion> versions = ledger.get().versions(namespace, name);
        if (versions.isEmpty()) {
            return notFound(ErrorCode.SECRET_NOT_FOUND, "secret " + namespace + "/" + name + " does not exist");
        }
        Optional<SecretVersion> found;
        if (version != null) {
            found = versions.stream().filter(v -> v.version() == version).findFirst();
        } else if (at != null) {
            found = versions.stream()
                    .filter(v -> v.validFrom() != null && !at.isBefore(v.validFrom())
                            && (v.validTo() == null || at.isBefore(v.validTo())))
                    .findFirst();
        } else {
            found = Optional.of(versions.get(0));
        }
        if (found.isEmpty() || !found.get().readable()) {
            return notFound(version != null || at != null ? ErrorCode.VERSION_NOT_FOUND : ErrorCode.SECRET_NOT_FOUND,
                    "no readable version of " + namespace + "/" + name + " matches");
        }
        return ResponseEntity.ok(VersionViews.of(found.get()));
    }

    @GetMapping("/internal/secrets/{namespace}/{name}/versions")
    public ResponseEntity<?> versions(@PathVariable String namespace, @PathVariable String name) {
        Optional<PartitionLedger> ledger = ledgers.readyFor(namespace, name);
        if (ledger.isEmpty()) {
            return notOwner();
        }
        List<SecretVersion> versions = ledger.get().versions(namespace, name);
        if (versions.isEmpty()) {
            return notFound(ErrorCode.SECRET_NOT_FOUND, "secret " + namespace + "/" + name + " does not exist");
        }
        return ResponseEntity.ok(new VersionList(versions.get(0).readable(), versions.stream().map(VersionViews::of).toList()));
    }

    static ResponseEntity<ProblemDetail> notOwner() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.MISDIRECTED_REQUEST,
                "this metadata instance does not own the key's partition (or is still replaying it)");
        problem.setProperty("code", NOT_OWNER);
        return ResponseEntity.status(HttpStatus.MISDIRECTED_REQUEST).body(problem);
    }

    private static ResponseEntity<ProblemDetail> notFound(ErrorCode code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, detail);
        problem.setProperty("code", code.code());
        return ResponseEntity.status(404).body(problem);
    }
}
