package io.dsv.gateway.read;

import io.dsv.core.domain.ErrorCode;
import io.dsv.core.domain.SecretId;
import io.dsv.core.protocol.Holder;
import io.dsv.core.protocol.VersionView;
import io.dsv.core.seal.X25519Keys;
import io.dsv.core.shamir.Shamir;
import io.dsv.core.shamir.Share;
import io.dsv.gateway.api.ApiException;
import io.dsv.gateway.config.GatewayProperties;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Service;

/**
 * The read path (design §5): metadata names the version and its holders; every holder is asked in
 * parallel; the value is rebuilt as soon as k shares are in. Fewer than k is an error, never a
 * partial or stale value.
 */
@Service
public class SecretReader {

    private final MetadataClient metadata;
    private final ShareFetcher fetcher;
    private final GatewayProperties properties;
    private final Shamir shamir = new Shamir();

    public SecretReader(MetadataClient metadata, ShareFetcher fetcher, GatewayProperties properties) {
        this.metadata = metadata;
        this.fetcher = fetcher;
        this.properties = properties;
    }

    /** The value of the requested version; the caller zeroes the returned array after use. */
    public byte[] read(SecretId id, Long version, Instant at) {
        return read(id, metadata.lookup(id, version, at));
    }

    public byte[] read(SecretId id, VersionView version) {
        List<Holder> holders = version.holders();
        KeyPair replyKey = X25519Keys.generate();                  // one-time: shares come back sealed to it
        BlockingQueue<Object> answers = new LinkedBlockingQueue<>();
        for (Holder holder : holders) {
            fetcher.fetch(id, version.txId(), holder, replyKey)
                    .whenComplete((share, failure) -> answers.add(failure == null ? share : failure));
        }
        List<Share> shares = new ArrayList<>(properties.k());
        long deadline = System.nanoTime() + properties.readTimeout().toNanos() + TimeUnit.MILLISECONDS.toNanos(500);
        try {
            for (int answered = 0; answered < holders.size() && shares.size() < properties.k(); answered++) {
                Object answer = answers.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (answer == null) {
                    break;                                           // the rest did not answer in time
                }
                if (answer instanceof Share share) {
                    shares.add(share);
                }
            }
            if (shares.size() < properties.k()) {
                throw new ApiException(ErrorCode.INSUFFICIENT_SHARDS, "only " + shares.size() + " of the k="
                        + properties.k() + " shares needed answered; try again later");
            }
            return shamir.combine(shares, properties.k());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(ErrorCode.INSUFFICIENT_SHARDS, "interrupted while gathering shares");
        } finally {
            shares.forEach(Share::wipe);
            // Late answers are wiped as they arrive after we stop listening.
            answers.forEach(a -> {
                if (a instanceof Share s) {
                    s.wipe();
                }
            });
        }
    }
}
