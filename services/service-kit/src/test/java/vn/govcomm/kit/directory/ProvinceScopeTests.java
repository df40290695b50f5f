package vn.govcomm.kit.directory;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import vn.govcomm.embedded.EmbeddedMongo;
import vn.govcomm.identity.Caller;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The province rule over a replica: Khánh Hòa (home) agencies with and without provinceId, a Hà Nội agency and its
 * province-wide committee, a ministry; agencies the replica does not hold are of the home province.
 */
class ProvinceScopeTests {

    static final EmbeddedMongo MONGO = EmbeddedMongo.inMemory();

    MongoClient client;
    MongoTemplate mongo;
    ProvinceScope scope;

    @BeforeEach
    void setUp() {
        String db = "province-scope-" + System.nanoTime();
        client = MongoClients.create(MONGO.uri(db));
        mongo = new MongoTemplate(client, db);
        mongo.insert(List.of(new Document("_id", "ubnd-tinh").append("provinceId", "khanh-hoa"),
                new Document("_id", "so-y-te").append("provinceId", "khanh-hoa"),
                new Document("_id", "so-tu-phap"), // a snapshot from before provinces
                new Document("_id", "so-xay-dung").append("provinceId", null).append("national", null),
                new Document("_id", "ubnd-ha-noi").append("provinceId", "ha-noi"),
                new Document("_id", "so-y-te-ha-noi").append("provinceId", "ha-noi"),
                new Document("_id", "bo-y-te").append("national", true),
                new Document("_id", "bo-noi-vu").append("national", true)), "agencies");
        scope = new ProvinceScope(mongo, "agencies", "khanh-hoa");
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    static Caller viewer(String agency, boolean provinceWide) {
        return new Caller("u", Set.of(Caller.VIEWER), agency, provinceWide);
    }

    @Test
    void aProvinceWideViewerReadsItsOwnProvinceOnlyAndAdminsReadEverything() {
        Caller home = viewer("ubnd-tinh", true);
        Caller hanoi = viewer("ubnd-ha-noi", true);
        Caller ministry = viewer("bo-noi-vu", true);
        Caller admin = new Caller("a", Set.of(Caller.ADMIN), "so-y-te", false);
        List<String> agencies = List.of("so-y-te", "so-tu-phap", "so-xay-dung", "not-received-yet", "so-y-te-ha-noi", "bo-y-te");

        assertThat(agencies.stream().filter(a -> scope.reads(home, a)))
                .containsExactly("so-y-te", "so-tu-phap", "so-xay-dung", "not-received-yet");
        assertThat(agencies.stream().filter(a -> scope.reads(hanoi, a))).containsExactly("so-y-te-ha-noi");
        assertThat(agencies.stream().filter(a -> scope.reads(ministry, a))).containsExactly("bo-y-te");
        assertThat(agencies.stream().filter(a -> scope.reads(admin, a))).containsExactlyElementsOf(agencies);
        // an owner not known yet is of the home province
        assertThat(scope.readsAcross(home, null)).isTrue();
        assertThat(scope.readsAcross(hanoi, null)).isFalse();
    }

    @Test
    void nobodyElseReadsAcrossAgenciesButTheirOwnAgencysUsersReadIt() {
        Caller officer = new Caller("o", Set.of(Caller.OFFICER), "ubnd-tinh", true);
        Caller plainViewer = viewer("so-y-te", false);
        Caller noRole = new Caller("n", Set.of(), "so-y-te", true);

        assertThat(scope.reads(officer, "so-y-te")).isFalse();
        assertThat(scope.reads(officer, "ubnd-tinh")).isTrue();
        assertThat(scope.reads(plainViewer, "so-tu-phap")).isFalse();
        assertThat(scope.reads(plainViewer, "so-y-te")).isTrue();
        assertThat(scope.reads(noRole, "so-y-te")).isFalse();
        assertThat(scope.scope(officer)).isEqualTo(ProvinceScope.Scope.NONE);
        assertThat(scope.scope(plainViewer).includes("so-y-te")).isFalse();
    }

    @Test
    void scopesListWhatTheyIncludeAndFilterQueriesTheSameWay() {
        mongo.insert(List.of(new Document("_id", "c1").append("issuer", "so-y-te"),
                new Document("_id", "c2").append("issuer", "so-tu-phap"),
                new Document("_id", "c3").append("issuer", "not-received-yet"),
                new Document("_id", "c4").append("issuer", "so-y-te-ha-noi"),
                new Document("_id", "c5").append("issuer", "bo-y-te"),
                new Document("_id", "c6").append("issuer", "so-xay-dung")), "campaigns");

        assertThat(campaigns(scope.scope(viewer("ubnd-tinh", true)))).containsExactly("c1", "c2", "c3", "c6");
        assertThat(campaigns(scope.scope(viewer("so-tu-phap", true)))).as("home by default")
                .containsExactly("c1", "c2", "c3", "c6");
        assertThat(campaigns(scope.scope(viewer("ubnd-ha-noi", true)))).containsExactly("c4");
        assertThat(campaigns(scope.scope(viewer("bo-noi-vu", true)))).containsExactly("c5");
        assertThat(campaigns(scope.scope(new Caller("a", Set.of(Caller.ADMIN), null, false))))
                .containsExactly("c1", "c2", "c3", "c4", "c5", "c6");
        assertThat(campaigns(ProvinceScope.Scope.NONE)).isEmpty();
        ProvinceScope.Scope hanoi = scope.scope(viewer("ubnd-ha-noi", true));
        assertThat(hanoi.includes("so-y-te-ha-noi")).isTrue();
        assertThat(hanoi.includes("not-received-yet")).isFalse();
        assertThat(scope.scope(viewer("ubnd-tinh", true)).includes("not-received-yet")).isTrue();
    }

    @Test
    void theHomeProvinceMustBeAProvince() {
        assertThatThrownBy(() -> new ProvinceScope(mongo, "agencies", "national")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new ProvinceScope(mongo, "agencies", " ")).isInstanceOf(IllegalStateException.class);
    }

    private List<String> campaigns(ProvinceScope.Scope s) {
        return mongo.find(Query.query(s.on("issuer")), Document.class, "campaigns").stream()
                .map(d -> d.getString("_id")).sorted().toList();
    }
}
