package io.dsv.metadata.tokens;

import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import io.dsv.core.protocol.TokenRecord;
import io.dsv.core.security.ApiTokens;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.data.cassandra.core.cql.CqlOperations;
import org.springframework.data.cassandra.core.CassandraOperations;
import org.springframework.stereotype.Repository;

/** API tokens: id → name, salt, salted hash, policies, revoked, expiry, parent. The token itself is never stored. */
@Repository
public class TokenStore {

    private final CqlOperations cql;

    public TokenStore(CassandraOperations cassandra) {
        this.cql = cassandra.getCqlOperations();
    }

    /** Stores a new token and returns it: the only time the token exists outside its holder's hands. */
    public String create(String name, Map<String, Set<String>> policies, Instant expiresAt, String parent) {
        ApiTokens.Issued issued = ApiTokens.issue();
        cql.execute("INSERT INTO api_tokens (id, name, salt, hash, policies, revoked, created_at, expires_at, parent)"
                + " VALUES (?, ?, ?, ?, ?, false, ?, ?, ?)",
                issued.id(), name, issued.salt(), issued.hash(), policies, Instant.now(), expiresAt, parent);
        return issued.token();
    }

    /** The root token, created once per cluster: empty when it exists already. */
    public Optional<String> createRootOnce() {
        ResultSet claimed = cql.queryForResultSet("INSERT INTO api_token_root (id, created_at) VALUES ('root', ?) IF NOT EXISTS",
                Instant.now());
        if (!claimed.wasApplied()) {
            return Optional.empty();
        }
        return Optional.of(create("root", Map.of("*", Set.of("READ", "WRITE", "DELETE", "ADMIN")), null, null));
    }

    public Optional<TokenRecord> find(String id) {
        Row row = cql.queryForResultSet("SELECT id, name, salt, hash, policies, revoked, expires_at, parent FROM api_tokens"
                + " WHERE id = ?", id).one();
        if (row == null) {
            return Optional.empty();
        }
        Map<String, Set<String>> policies = new HashMap<>(row.getMap(4, String.class, (Class<Set<String>>) (Class<?>) Set.class));
        return Optional.of(new TokenRecord(row.getString(0), row.getString(1), row.getString(2), row.getString(3), policies,
                row.getBoolean(5), row.getInstant(6), row.getString(7)));
    }

    public boolean revoke(String id) {
        if (find(id).isEmpty()) {
            return false;
        }
        cql.execute("UPDATE api_tokens SET revoked = true WHERE id = ?", id);
        return true;
    }
}
