package io.dsv.gateway.env;

import io.dsv.core.domain.ErrorCode;
import io.dsv.core.domain.SecretId;
import io.dsv.core.dotenv.Dotenv;
import io.dsv.core.dotenv.DotenvEntry;
import io.dsv.core.dotenv.DotenvEntry.Assignment;
import io.dsv.core.dotenv.DotenvSyntaxException;
import io.dsv.core.dotenv.Marker;
import io.dsv.core.protocol.Operation;
import io.dsv.client.ApiException;
import io.dsv.gateway.config.GatewayProperties;
import io.dsv.gateway.read.SecretReader;
import io.dsv.gateway.saga.KeyWrite;
import io.dsv.gateway.saga.RequestMac;
import io.dsv.gateway.saga.WriteSaga;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * A .env file as one transaction: every {@code enc()} value is created as a secret, every
 * {@code secret()} reference is resolved, and the file comes back with only the markers replaced.
 * References are resolved before anything is written, and the writes are one saga: any failure
 * leaves zero secrets written. A file is refused (400) past {@code dsv.gateway.env-max-lines} lines or
 * {@code env-max-references} references; every reference is a read, charged to the caller's rate
 * limit.
 */
@Service
public class EnvBatchService {

    private final WriteSaga writes;
    private final SecretReader reader;
    private final ReferenceCharge charge;
    private final RequestMac requestMac;
    private final int maxValueBytes;
    private final int maxLines;
    private final int maxReferences;

    public EnvBatchService(WriteSaga writes, SecretReader reader, ReferenceCharge charge, GatewayProperties properties,
                           RequestMac requestMac) {
        this.writes = writes;
        this.requestMac = requestMac;
        this.reader = reader;
        this.charge = charge;
        this.maxValueBytes = properties.maxValueBytes();
        this.maxLines = properties.envMaxLines();
        this.maxReferences = properties.envMaxReferences();
    }

    public String apply(String namespace, String file, String actor, String idempotencyKey) {
        checkLines(file);
        List<DotenvEntry> entries = parse(file);
        Map<String, Assignment> stored = new LinkedHashMap<>();
        List<Assignment> references = new ArrayList<>();
        for (DotenvEntry entry : entries) {
            if (entry instanceof Assignment a && a.marker() != null) {
                if (a.marker().kind() == Marker.Kind.ENC) {
                    checkSize(a);
                    stored.put(a.name(), a);
                } else {
                    references.add(a);
                }
            }
        }
        if (references.size() > maxReferences) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "the .env file has " + references.size()
                    + " secret() references, more than the limit of " + maxReferences, "envFileContent")
                    .with("line", references.get(maxReferences).line());
        }
        charge.references(references.size());
        Map<Assignment, String> resolved = resolve(namespace, references, stored);
        if (!stored.isEmpty()) {
            write(namespace, stored, actor, idempotencyKey,
                    idempotencyKey == null ? null : requestMac.ofEnvFile(namespace, file));
        }
        return Dotenv.write(entries, a -> a.marker().kind() == Marker.Kind.ENC
                ? "secret(" + a.name() + ")"
                : Dotenv.quote(resolved.get(a)));
    }

    /** Refuses a file longer than the limit before parsing it, naming the first line over. */
    private void checkLines(String file) {
        int lines = 1;
        for (int i = 0; i < file.length(); i++) {
            if (file.charAt(i) == '\n' && ++lines > maxLines && i + 1 < file.length()) {
                throw new ApiException(ErrorCode.INVALID_REQUEST, "the .env file has more than " + maxLines + " lines",
                        "envFileContent").with("line", maxLines + 1);
            }
        }
    }

    private static List<DotenvEntry> parse(String file) {
        try {
            return Dotenv.parse(file);
        } catch (DotenvSyntaxException e) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "the .env file does not parse: " + e.getMessage(),
                    "envFileContent").with("line", e.line()).with("column", e.column());
        }
    }

    private void checkSize(Assignment a) {
        int size = a.marker().argument().getBytes(StandardCharsets.UTF_8).length;
        if (size > maxValueBytes) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "the value of " + a.name() + " on line " + a.line() + " is "
                    + size + " bytes, more than the limit of " + maxValueBytes, "envFileContent").with("line", a.line());
        }
    }

    /** Every reference's value, read before anything is written; one that does not resolve fails the file. */
    private Map<Assignment, String> resolve(String namespace, List<Assignment> references, Map<String, Assignment> stored) {
        Map<Assignment, String> values = new HashMap<>();
        for (Assignment a : references) {
            Marker ref = a.marker();
            Assignment sameFile = stored.get(ref.argument());
            if (sameFile != null && ref.version() == 0) {
                values.put(a, sameFile.marker().argument());      // the value this file is about to store
                continue;
            }
            try {
                byte[] value = reader.read(new SecretId(namespace, ref.argument()), ref.version() == 0 ? null : ref.version(), null);
                values.put(a, new String(value, StandardCharsets.UTF_8));
                Arrays.fill(value, (byte) 0);
            } catch (ApiException e) {
                if (e.code() == ErrorCode.SECRET_NOT_FOUND || e.code() == ErrorCode.VERSION_NOT_FOUND) {
                    throw new ApiException(ErrorCode.REFERENCE_NOT_FOUND, ref + " on line " + a.line()
                            + " does not resolve: " + e.getMessage(), "envFileContent")
                            .with("line", a.line()).with("name", ref.argument());
                }
                throw e;
            }
        }
        return values;
    }

    /** All or nothing; a replayed Idempotency-Key is answered only for the same file (its MAC), else refused. */
    private void write(String namespace, Map<String, Assignment> stored, String actor, String idempotencyKey, byte[] mac) {
        List<KeyWrite> keyWrites = new ArrayList<>();
        for (Assignment a : stored.values()) {
            keyWrites.add(new KeyWrite(new SecretId(namespace, a.name()), Operation.CREATE,
                    a.marker().argument().getBytes(StandardCharsets.UTF_8), 0));
        }
        try {
            writes.putAll(keyWrites, actor, idempotencyKey, mac);
        } catch (ApiException e) {
            Object name = e.details().get("name");
            Assignment culprit = name == null ? null : stored.get(name.toString());
            if (culprit != null && !e.details().containsKey("line")) {
                e.with("line", culprit.line());
            }
            throw e;
        }
    }
}
