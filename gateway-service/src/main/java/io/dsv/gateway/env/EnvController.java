package io.dsv.gateway.env;

import io.dsv.core.domain.ErrorCode;
import io.dsv.client.ApiException;
import io.dsv.gateway.api.RequestValidator;
import io.dsv.core.security.Capability;
import io.dsv.gateway.audit.AuditTrail;
import io.dsv.gateway.security.AccessGuard;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/secrets/env?user=}: a .env file in, the rewritten file out (design §7). */
@RestController
@RequestMapping("/api/v1/secrets/env")
public class EnvController {

    private final EnvBatchService batches;
    private final RequestValidator validate;
    private final AccessGuard guard;
    private final AuditTrail audit;

    public EnvController(EnvBatchService batches, RequestValidator validate, AccessGuard guard, AuditTrail audit) {
        this.batches = batches;
        this.validate = validate;
        this.guard = guard;
        this.audit = audit;
    }

    @PostMapping(consumes = MediaType.TEXT_PLAIN_VALUE, produces = MediaType.TEXT_PLAIN_VALUE)
    public ResponseEntity<String> plain(@RequestParam(required = false) String user,
                                        @RequestBody(required = false) String file,
                                        @RequestHeader(value = "Idempotency-Key", required = false) String idempotencyKey) {
        return apply(user, file, idempotencyKey);
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.TEXT_PLAIN_VALUE)
    public ResponseEntity<String> json(@RequestParam(required = false) String user,
                                       @RequestBody(required = false) EnvFileRequest request,
                                       @RequestHeader(value = "Idempotency-Key", required = false) String idempotencyKey) {
        return apply(user, request == null ? null : request.envFileContent(), idempotencyKey);
    }

    private ResponseEntity<String> apply(String user, String file, String idempotencyKey) {
        validate.secretId("user", user, "user", user);
        if (file == null) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "envFileContent is required", "envFileContent");
        }
        String key = guard.scopedIdempotencyKey(validate.idempotencyKey(idempotencyKey));
        guard.require(user, Capability.WRITE);
        guard.require(user, Capability.READ);                    // secret() references read this namespace
        audit.begin(user, null, "env");
        String rewritten = batches.apply(user, file, guard.current().actor(), key);
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_PLAIN, java.nio.charset.StandardCharsets.UTF_8))
                .body(rewritten);
    }

    public record EnvFileRequest(String envFileContent) {
        @Override
        public String toString() {
            return "EnvFileRequest[envFileContent=" + io.dsv.gateway.api.SecretRequests.redacted(envFileContent) + "]";
        }
    }
}
