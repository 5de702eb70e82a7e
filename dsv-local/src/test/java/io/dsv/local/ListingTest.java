package io.dsv.local;

import static io.dsv.local.TestApi.assertField;
import static io.dsv.local.TestApi.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 15 on the real cluster: a namespace's names with their latest version, state and validFrom, sorted,
 * paged and filtered by prefix; never a value; deleted names only when asked for; the namespace policy first.
 */
@ExtendWith(SharedCluster.class)
@Order(15)
class ListingTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aNamespaceListsInPagesByPrefixWithoutValues() throws Exception {
        TestApi api = new TestApi("listing");
        for (String name : List.of("db-user", "db-pass", "api-key", "db-host", "cache-url")) {
            assertThat(Http.post(api.gw1, api.create(name, "value-of-" + name)).statusCode()).isEqualTo(201);
        }
        assertThat(Http.put(api.gw2, api.update("db-pass", "rotated")).statusCode()).isEqualTo(200);
        assertThat(Http.delete(api.gw1, api.delete("cache-url")).statusCode()).isEqualTo(204);
        String list = api.gw1 + "?user=" + api.ns;

        HttpResponse<String> all = Http.get(list);
        assertThat(all.statusCode()).as(all.body()).isEqualTo(200);
        assertThat(all.body()).doesNotContain("value-of-").doesNotContain("rotated");
        JsonNode page = JSON.readTree(all.body());
        assertThat(names(page)).containsExactly("api-key", "db-host", "db-pass", "db-user");
        assertThat(next(page)).isNull();
        JsonNode pass = page.get("secrets").get(2);
        assertThat(pass.get("version").asLong()).isEqualTo(2);
        assertThat(pass.get("state").asString()).isEqualTo("active");
        assertThat(pass.get("validFrom").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");

        List<String> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode p = JSON.readTree(Http.get(list + "&prefix=db-&limit=2" + (cursor == null ? "" : "&cursor=" + cursor)).body());
            paged.addAll(names(p));
            cursor = next(p);
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(paged).containsExactly("db-host", "db-pass", "db-user");
        assertThat(pages).isEqualTo(2);

        JsonNode withDeleted = JSON.readTree(Http.get(list + "&deleted=true&prefix=cache").body());
        assertThat(names(withDeleted)).containsExactly("cache-url");
        assertThat(withDeleted.get("secrets").get(0).get("state").asString()).isEqualTo("deleted");

        assertField(Http.get(list + "&limit=0"), "limit");
        assertField(Http.get(list + "&limit=1001"), "limit");
        assertField(Http.get(list + "&cursor=%21%21"), "cursor");
        assertField(Http.get(list + "&prefix=a%2Fb"), "prefix");
        assertField(Http.get(api.gw1), "user");
    }

    @Test
    void theOpenApiSpecDescribesTheListing() throws Exception {
        TestApi api = new TestApi("listing-doc");
        JsonNode spec = JSON.readTree(Http.get(api.cluster.gatewayUrl(0) + "/v3/api-docs").body());
        JsonNode list = spec.get("paths").get("/api/v1/secrets").get("get");
        assertThat(list).as("GET /api/v1/secrets in the spec").isNotNull();
        List<String> parameters = new ArrayList<>();
        list.get("parameters").forEach(p -> parameters.add(p.get("name").asString()));
        assertThat(parameters).contains("user", "prefix", "limit", "cursor", "deleted");
        assertThat(list.get("responses").has("400")).isTrue();
    }

    @Test
    void theNamespacePolicyIsCheckedFirst() {
        TestApi api = new TestApi("listing-private");
        assertThat(Http.post(api.gw1, api.create("hidden", "h")).statusCode()).isEqualTo(201);
        HttpResponse<String> minted = Http.send("POST", api.cluster.gatewayUrl(0) + "/api/v1/admin/tokens", "application/json",
                "{\"name\":\"other-team\",\"policies\":{\"listing-other\":[\"read\"]}}");
        assertThat(minted.statusCode()).as(minted.body()).isEqualTo(201);
        Matcher token = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(minted.body());
        assertThat(token.find()).isTrue();
        HttpResponse<String> refused = Http.send("GET", api.gw1 + "?user=" + api.ns, null, null,
                "Authorization", "Bearer " + token.group(1));
        assertProblem(refused, 403, "forbidden");
        assertThat(refused.body()).doesNotContain("hidden");
    }

    private static String next(JsonNode page) {
        JsonNode next = page.get("nextCursor");
        return next == null || next.isNull() ? null : next.asString();
    }

    private static List<String> names(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.get("secrets").forEach(s -> names.add(s.get("name").asString()));
        return names;
    }
}
