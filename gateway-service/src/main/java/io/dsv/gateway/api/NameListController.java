package io.dsv.gateway.api;

import io.dsv.client.ApiException;
import io.dsv.client.MetadataClient;
import io.dsv.core.domain.ErrorCode;
import io.dsv.core.domain.SecretId;
import io.dsv.core.security.Capability;
import io.dsv.gateway.audit.AuditTrail;
import io.dsv.gateway.security.AccessGuard;
import io.dsv.rpc.v1.ListNamesReply;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Lists a namespace's secrets (issue 15): names with their latest version, state and validFrom, sorted by
 * name, in pages; never a value. The namespace's READ capability is checked first, as everywhere.
 */
@RestController
@RequestMapping("/api/v1/secrets")
public class NameListController {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1_000;

    /** One listed secret. */
    public record Listed(String name, long version, String state, Instant validFrom) {
    }

    /** A page; {@code nextCursor} is null on the last one. */
    public record NameList(List<Listed> secrets, String nextCursor) {
    }

    private final MetadataClient metadata;
    private final RequestValidator validate;
    private final AccessGuard guard;
    private final AuditTrail audit;

    public NameListController(MetadataClient metadata, RequestValidator validate, AccessGuard guard, AuditTrail audit) {
        this.metadata = metadata;
        this.validate = validate;
        this.guard = guard;
        this.audit = audit;
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public NameList list(@RequestParam(required = false) String user, @RequestParam(required = false) String prefix,
                         @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor,
                         @RequestParam(required = false, defaultValue = "false") boolean deleted) {
        String namespace = validate.namespace("user", user);
        String checkedPrefix = prefix(prefix);
        int checkedLimit = limit(limit);
        String after = cursor == null ? null : decode(cursor);
        guard.require(namespace, Capability.READ);
        audit.begin(namespace, null, "list");
        ListNamesReply reply = metadata.listNames(namespace, checkedPrefix, after, checkedLimit, deleted);
        List<Listed> secrets = reply.getEntriesList().stream().map(e -> new Listed(e.getName(), e.getVersion(), e.getState(),
                e.getValidFromMillis() == 0 ? null : Instant.ofEpochMilli(e.getValidFromMillis()))).toList();
        return new NameList(secrets, reply.getNext().isEmpty() ? null : encode(reply.getNext()));
    }

    private static String prefix(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return "";
        }
        if (prefix.length() > SecretId.MAX_LENGTH || !prefix.matches("[A-Za-z0-9._-]+")) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "prefix may contain only letters, digits, '.', '_' and '-',"
                    + " at most " + SecretId.MAX_LENGTH, "prefix");
        }
        return prefix;
    }

    private static int limit(Integer limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "limit must be 1 to " + MAX_LIMIT, "limit");
        }
        return limit;
    }

    /** The cursor is the page's last name, opaque to clients. */
    static String encode(String name) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(name.getBytes(StandardCharsets.UTF_8));
    }

    static String decode(String cursor) {
        try {
            String name = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (SecretId.problemWith(name) != null) {
                throw new IllegalArgumentException("not a name");
            }
            return name;
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "cursor is not one this API returned", "cursor");
        }
    }
}
