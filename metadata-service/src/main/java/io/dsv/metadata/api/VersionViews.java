package io.dsv.metadata.api;

import io.dsv.core.protocol.Holder;
import io.dsv.core.protocol.VersionView;
import io.dsv.metadata.store.SecretVersion;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

final class VersionViews {

    private VersionViews() {
    }

    static VersionView of(SecretVersion v) {
        Map<String, Integer> holders = v.holders() == null ? Map.of() : v.holders();
        List<Holder> list = holders.entrySet().stream()
                .map(e -> new Holder(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingInt(Holder::shareIndex))
                .toList();
        return new VersionView(v.namespace(), v.name(), v.version(), v.txId(), v.operation(), v.state(),
                v.validFrom(), v.validTo(), list, v.commitmentBytes(), v.writer());
    }
}
