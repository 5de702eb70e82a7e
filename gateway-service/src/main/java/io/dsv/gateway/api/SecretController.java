package io.dsv.gateway.api;

import io.dsv.core.domain.ErrorCode;
import io.dsv.core.domain.SecretId;
import io.dsv.core.protocol.Operation;
import io.dsv.core.protocol.VersionList;
import io.dsv.core.protocol.VersionView;
import io.dsv.gateway.api.SecretRequests.Create;
import io.dsv.gateway.api.SecretRequests.Delete;
import io.dsv.gateway.api.SecretRequests.Update;
import io.dsv.gateway.api.SecretRequests.VersionResponse;
import io.dsv.gateway.read.MetadataClient;
import io.dsv.gateway.read.SecretReader;
import io.dsv.gateway.saga.WriteSaga;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The seed-compatible public API (design §7). */
@RestController
@RequestMapping("/api/v1/secrets")
public class SecretController {

    private final WriteSaga writes;
    private final SecretReader reader;
    private final MetadataClient metadata;
    private final RequestValidator validate;

    public SecretController(WriteSaga writes, SecretReader reader, MetadataClient metadata, RequestValidator validate) {
        this.writes = writes;
        this.reader = reader;
        this.metadata = metadata;
        this.validate = validate;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<VersionResponse> create(@RequestBody(required = false) Create request) {
        validate.requireBody(request);
        SecretId id = validate.secretId("user", request.user(), "secretName", request.secretName());
        byte[] value = validate.value("secretValue", request.secretValue());
        long version = writes.put(id, Operation.CREATE, value, 0, request.user());
        return ResponseEntity.status(HttpStatus.CREATED).body(new VersionResponse(version));
    }

    @PutMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public VersionResponse update(@RequestBody(required = false) Update request) {
        validate.requireBody(request);
        SecretId id = validate.secretId("user", request.user(), "secretCurrentName", request.secretCurrentName());
        byte[] value = validate.value("secretUpdatedValue", request.secretUpdatedValue());
        return new VersionResponse(writes.put(id, Operation.UPDATE, value, 0, request.user()));
    }

    @GetMapping(value = "/{name}", produces = {MediaType.TEXT_PLAIN_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    public ResponseEntity<String> get(@PathVariable String name, @RequestParam(required = false) String user,
                                      @RequestParam(required = false) Long version) {
        SecretId id = validate.secretId("user", user, "name", name);
        if (version != null && version < 1) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "version must be at least 1", "version");
        }
        byte[] value = reader.read(id, version, null);
        try {
            return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(new String(value, StandardCharsets.UTF_8));
        } finally {
            Arrays.fill(value, (byte) 0);
        }
    }

    @GetMapping(value = "/{name}/all", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, String> all(@PathVariable String name, @RequestParam(required = false) String user) {
        SecretId id = validate.secretId("user", user, "name", name);
        VersionList versions = metadata.versions(id);
        if (!versions.live()) {
            throw new ApiException(ErrorCode.SECRET_NOT_FOUND, "secret " + name + " does not exist");
        }
        Map<String, String> values = new LinkedHashMap<>();
        java.util.List<VersionView> oldestFirst = new java.util.ArrayList<>(versions.versions());
        java.util.Collections.reverse(oldestFirst);
        for (VersionView version : oldestFirst) {
            if (version.readable()) {
                byte[] value = reader.read(id, version);
                values.put(Long.toString(version.version()), new String(value, StandardCharsets.UTF_8));
                Arrays.fill(value, (byte) 0);
            }
        }
        return values;
    }

    @DeleteMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Void> delete(@RequestBody(required = false) Delete request) {
        validate.requireBody(request);
        SecretId id = validate.secretId("user", request.user(), "deleteName", request.deleteName());
        writes.delete(id, 0, request.user());
        return ResponseEntity.noContent().build();
    }
}
