package io.dsv.gateway.read;

import io.dsv.client.ClusterProperties;
import io.dsv.client.MetadataClient;
import io.dsv.client.ShareGatherer;
import io.dsv.core.domain.SecretId;
import io.dsv.core.protocol.VersionView;
import io.dsv.core.shamir.Shamir;
import io.dsv.core.shamir.Share;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * The read path (design §5): metadata names the version and its holders; k holders are asked in
 * parallel (one more after the hedge delay, the next whenever one fails); the value is rebuilt as soon
 * as k verified shares are in (each matches the commitment metadata recorded). Fewer than k is an
 * error, never a partial, stale or wrong value. A latest read that found shares missing, or any read
 * that met a bad one, asks for repair.
 */
@Service
public class SecretReader {

    private final MetadataClient metadata;
    private final ShareGatherer gatherer;
    private final RepairTrigger repairs;
    private final int k;
    private final Shamir shamir = new Shamir();

    public SecretReader(MetadataClient metadata, ShareGatherer gatherer, RepairTrigger repairs, ClusterProperties cluster) {
        this.metadata = metadata;
        this.gatherer = gatherer;
        this.repairs = repairs;
        this.k = cluster.k();
    }

    /** The value of the requested version (latest when both are null); the caller zeroes the array after use. */
    public byte[] read(SecretId id, Long version, Instant at) {
        return readVersion(id, version, at).value();
    }

    /** The value and the version it is (the caller zeroes the value after use). */
    public Versioned readVersion(SecretId id, Long version, Instant at) {
        VersionView view = metadata.lookup(id, version, at);
        return new Versioned(view.version(), read(id, view, version == null && at == null));
    }

    /** A value with its version number; {@code toString} never shows the value. */
    public record Versioned(long version, byte[] value) {
        @Override
        public String toString() {
            return "Versioned[version=" + version + "]";
        }
    }

    /**
     * @param latest only a read of the latest version asks for missing shares; a bad share is sent for
     *               repair whichever version was read
     */
    public byte[] read(SecretId id, VersionView version, boolean latest) {
        List<Share> shares = gatherer.gather(id, version, k,
                answers -> {
                    repairs.afterRead(id, version, answers, latest);
                    repairs.recordAnswered(answers.good().size());   // last: once counted, the repair decision is made
                });
        try {
            return shamir.combine(shares, k);
        } finally {
            shares.forEach(Share::wipe);
        }
    }
}
