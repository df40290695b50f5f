package vn.govcomm.facebook.credentials;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;
import vn.govcomm.facebook.graph.GraphFailure;
import vn.govcomm.kit.secrets.CredentialCipher;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** The credential store on a real MongoDB replica set (skipped where Docker is missing). */
@Testcontainers(disabledWithoutDocker = true)
class FacebookAdapterContainerTests {

    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:8.0");

    @Test
    void storesTokensEncryptedAndMarksAttentionOnlyForTheTokenThatFailed() {
        try (MongoClient client = MongoClients.create(MONGO.getReplicaSetUrl("govcomm_facebook"))) {
            MongoTemplate mongo = new MongoTemplate(client, "govcomm_facebook");
            CredentialCipher cipher = new CredentialCipher(Base64.getEncoder().encodeToString(new byte[32]), "k1");
            PageCredentials credentials = new PageCredentials(mongo, cipher, new SimpleMeterRegistry());

            credentials.connect("42", "Trang 42", "tok-old", "admin");
            PageAccess.Usable old = (PageAccess.Usable) credentials.access("42");
            credentials.connect("42", null, "tok-new", "admin"); // rotated while a call with tok-old was failing
            credentials.needsAttention(old, new GraphFailure(GraphFailure.Kind.PERMANENT, 190, 463, false, "expired"));

            assertThat(credentials.access("42")).isInstanceOf(PageAccess.Usable.class);
            assertThat(((PageAccess.Usable) credentials.access("42")).token().value()).isEqualTo("tok-new");
            Document stored = mongo.findById("42", Document.class, PageCredentials.COLLECTION);
            assertThat(stored.getString("token")).startsWith("v1:k1:").doesNotContain("tok-new");
            assertThat(credentials.importIfAbsent("42", "tok-from-config")).isFalse();

            credentials.needsAttention((PageAccess.Usable) credentials.access("42"),
                    new GraphFailure(GraphFailure.Kind.PERMANENT, 200, null, false, "permission"));
            assertThat(credentials.access("42")).isInstanceOfSatisfying(PageAccess.Blocked.class,
                    b -> assertThat(b.reasonCode()).isEqualTo("FB_PERMISSION"));
        }
    }
}
