package io.dsv.gateway.api;

import io.dsv.client.ApiException;

import io.dsv.core.domain.ErrorCode;
import io.dsv.core.domain.SecretId;
import io.dsv.core.protocol.Operation;
import io.dsv.core.protocol.VersionList;
import io.dsv.core.protocol.VersionView;
import io.dsv.gateway.api.SecretRequests.Create;
import io.dsv.gateway.api.SecretRequests.Delete;
import io.dsv.gateway.api.SecretRequests.Update;
import io.dsv.gateway.api.SecretRequests.VersionResponse;
import io.dsv.client.MetadataClient;
import io.dsv.gateway.read.SecretReader;
import io.dsv.gateway.saga.KeyWrite;
import io.dsv.gateway.saga.WriteOutcome;
import io.dsv.gateway.saga.WriteSaga;
import io.dsv.core.security.Capability;
import io.dsv.gateway.audit.AuditTrail;
import io.dsv.gateway.security.AccessGuard;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The seed-compatible public API (design §7), with Idempotency-Key, If-Match, history and ?at= reads. */
@RestController
@RequestMapping("/api/v1/secrets")
public class SecretController {

    private final WriteSaga writes;
    private final SecretReader reader;
    private final MetadataClient metadata;
    private final RequestValidator validate;
    private final AccessGuard guard;
    private final AuditTrail audit;

    public SecretController(WriteSaga writes, SecretReader reader, MetadataClient metadata, RequestValidator validate,
                            AccessGuard guard, AuditTrail audit) {
        this.writes = writes;
        this.reader = reader;
        this.metadata = metadata;
        this.validate = validate;
        this.guard = guard;
        this.audit = audit;
    }

    /** Every endpoint but a get: the namespace check, then the audit record of the attempt, before anything is looked up. */
    private SecretId authorize(SecretId id, Capability capability, String operation) {
        guard.require(id.namespace(), capability);
        audit.begin(id.namespace(), id.name(), operation);
        return id;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<VersionResponse> create(@RequestBody(required = false) Create request,
                                                  @RequestHeader(value = WriteHeaders.IDEMPOTENCY_KEY, required = false) String idempotencyKey) {
        validate.requireBody(request);
        SecretId id = validate.secretId("user", request.user(), "secretName", request.secretName());
        byte[] value = validate.value("secretValue", request.secretValue());
        authorize(id, Capability.WRITE, "create");
        long version = put(id, Operation.CREATE, value, 0, request.user(),
                guard.scopedIdempotencyKey(WriteHeaders.idempotencyKey(idempotencyKey)));
        return ResponseEntity.status(HttpStatus.CREATED).body(new VersionResponse(version));
    }

    @PutMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public VersionResponse update(@RequestBody(required = false) Update request,
                                  @RequestHeader(value = WriteHeaders.IDEMPOTENCY_KEY, required = false) String idempotencyKey,
                                  @RequestHeader(value = WriteHeaders.IF_MATCH, required = false) String ifMatch) {
        validate.requireBody(request);
        SecretId id = validate.secretId("user", request.user(), "secretCurrentName", request.secretCurrentName());
        long expected = WriteHeaders.expectedVersion(ifMatch);
        byte[] value = validate.value("secretUpdatedValue", request.secretUpdatedValue());
        authorize(id, Capability.WRITE, "update");
        return new VersionResponse(put(id, Operation.UPDATE, value, expected, request.user(),
                guard.scopedIdempotencyKey(WriteHeaders.idempotencyKey(idempotencyKey))));
    }

    @GetMapping(value = "/{name}", produces = {MediaType.TEXT_PLAIN_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    public ResponseEntity<String> get(@PathVariable String name, @RequestParam(required = false) String user,
                                      @RequestParam(required = false) Long version,
                                      @RequestParam(required = false) String at) {
        SecretId id = validate.secretId("user", user, "name", name);
        if (version != null && version < 1) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "version must be at least 1", "version");
        }
        if (version != null && at != null) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "give version or at, not both", "at");
        }
        Instant instant = at == null ? null : instant(at);
        guard.require(id.namespace(), Capability.READ);
        // the audit attempt travels while the value is looked up and fetched; it is on record before the value leaves
        SecretReader.Versioned read = audit.confirmed(audit.attempt(id.namespace(), id.name(), "read"),
                () -> reader.readVersion(id, version, instant), r -> Arrays.fill(r.value(), (byte) 0));
        try {
            // the version read, as an entity tag: usable as If-Match on the next update or delete
            return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).eTag(Long.toString(read.version()))
                    .body(new String(read.value(), StandardCharsets.UTF_8));
        } finally {
            Arrays.fill(read.value(), (byte) 0);
        }
    }

    @GetMapping(value = "/{name}/all", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, String> all(@PathVariable String name, @RequestParam(required = false) String user) {
        SecretId id = authorize(validate.secretId("user", user, "name", name), Capability.READ, "read.all");
        VersionList versions = metadata.versions(id);
        if (!versions.live()) {
            throw new ApiException(ErrorCode.SECRET_NOT_FOUND, "secret " + name + " does not exist");
        }
        List<VersionView> oldestFirst = new ArrayList<>(versions.versions());
        Collections.reverse(oldestFirst);
        Map<String, String> values = new LinkedHashMap<>();
        for (VersionView version : oldestFirst) {
            if (version.readable()) {
                byte[] value = reader.read(id, version, false);
                values.put(Long.toString(version.version()), new String(value, StandardCharsets.UTF_8));
                Arrays.fill(value, (byte) 0);
            }
        }
        return values;
    }

    @GetMapping(value = "/{name}/history", produces = MediaType.APPLICATION_JSON_VALUE)
    public List<HistoryEntry> history(@PathVariable String name, @RequestParam(required = false) String user) {
        SecretId id = authorize(validate.secretId("user", user, "name", name), Capability.READ, "history");
        List<HistoryEntry> entries = new ArrayList<>(metadata.versions(id).versions().stream().map(HistoryEntry::of).toList());
        Collections.reverse(entries);                                // oldest first
        return entries;
    }

    @DeleteMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Void> delete(@RequestBody(required = false) Delete request,
                                       @RequestHeader(value = WriteHeaders.IDEMPOTENCY_KEY, required = false) String idempotencyKey,
                                       @RequestHeader(value = WriteHeaders.IF_MATCH, required = false) String ifMatch) {
        validate.requireBody(request);
        SecretId id = validate.secretId("user", request.user(), "deleteName", request.deleteName());
        long expected = WriteHeaders.expectedVersion(ifMatch);
        String key = guard.scopedIdempotencyKey(WriteHeaders.idempotencyKey(idempotencyKey));
        authorize(id, Capability.DELETE, "delete");
        long tombstone = writes.delete(id, expected, actor(), key).version();
        audit.version(tombstone);
        // the tombstone's version: a later read of the key answers 404 or a newer version
        return ResponseEntity.noContent().eTag(Long.toString(tombstone)).build();
    }

    /**
     * Runs the write; a replay of an Idempotency-Key answers as the first request did when it is the same
     * request (metadata compares the two requests' {@link io.dsv.gateway.saga.RequestMac}), and is refused
     * as reused otherwise.
     */
    private long put(SecretId id, Operation operation, byte[] value, long expected, String actor, String idempotencyKey) {
        WriteOutcome outcome = writes.put(new KeyWrite(id, operation, value, expected), actor(), idempotencyKey);
        audit.version(outcome.version());
        return outcome.version();
    }

    /** The writer recorded in history: the token's name and id. */
    private String actor() {
        return guard.current().actor();
    }

    private static Instant instant(String at) {
        try {
            return Instant.parse(at);
        } catch (DateTimeParseException e) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "at must be an ISO-8601 instant such as 2026-01-31T12:00:00Z", "at");
        }
    }
}
