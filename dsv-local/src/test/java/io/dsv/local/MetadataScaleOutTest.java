package io.dsv.local;

import static io.dsv.local.TestApi.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.dsv.rpc.Peer;
import io.dsv.rpc.Role;
import io.dsv.rpc.v1.Empty;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Metadata scales out (design §4, version 2): the shared cluster's two metadata instances split the
 * partitions of dsv.tx; a look-up reaches the owner of the key's partition from either gateway and sees
 * every acknowledged write; when one instance goes, the other takes its partitions and nothing is lost.
 */
@ExtendWith(SharedCluster.class)
@Order(10)
class MetadataScaleOutTest {

    static TestApi api;

    static OperatorClient gateway;

    @BeforeAll
    static void useCluster() {
        api = new TestApi("scale");
        gateway = new OperatorClient(api.cluster.credentials(new Peer(Role.GATEWAY, "scale-test")));
    }

    @AfterAll
    static void close() {
        gateway.close();
    }

    @Test
    void twoInstancesSplitThePartitionsAndOneTakesAllWhenTheOtherGoesLosingNothing() {
        eventually(Duration.ofSeconds(30), () -> !ready(0).isEmpty() && !ready(1).isEmpty());
        TreeSet<Integer> all = new TreeSet<>(ready(0));
        all.addAll(ready(1));
        assertThat(all).as("every partition has an owner").hasSize(8);
        assertThat(ready(0)).as("no partition has two").doesNotContainAnyElementsOf(ready(1));

        List<String> names = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            names.add("spread-" + i);
            assertThat(Http.post(i % 2 == 0 ? api.gw1 : api.gw2, api.create("spread-" + i, "v1-" + i)).statusCode())
                    .isEqualTo(201);
            // read after write, through the other gateway: the owner applied it before the answer
            assertThat(api.read(i % 2 == 0 ? api.gw2 : api.gw1, "spread-" + i, null)).isEqualTo("v1-" + i);
        }

        api.cluster.node("metadata-1").stop();
        try {
            eventually(Duration.ofSeconds(60), () -> ready(1).size() == 8);
            for (int i = 0; i < names.size(); i++) {
                assertThat(api.read(api.gw1, names.get(i), null)).isEqualTo("v1-" + i);
                HttpResponse<String> updated = Http.put(api.gw2, api.update(names.get(i), "v2-" + i));
                assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
                assertThat(updated.body()).isEqualTo("{\"version\":2}");
            }
        } finally {
            api.cluster.node("metadata-1").start();
        }
        eventually(Duration.ofSeconds(60), () -> !ready(0).isEmpty() && ready(0).size() + ready(1).size() == 8);
        for (int i = 0; i < names.size(); i++) {
            assertThat(api.read(i % 2 == 0 ? api.gw1 : api.gw2, names.get(i), null)).isEqualTo("v2-" + i);
            assertThat(api.read(api.gw1, names.get(i), 1L)).isEqualTo("v1-" + i);
        }
    }

    /** The partitions metadata instance {@code index} owns and has caught up with, as a gateway asks. */
    private static List<Integer> ready(int index) {
        try {
            return gateway.metadata(api.cluster.settings().metadataId(index), api.cluster.metadataAddress(index))
                    .partitions(Empty.getDefaultInstance()).getReadyList();
        } catch (io.grpc.StatusRuntimeException e) {
            return List.of();                                       // stopped
        }
    }
}
