package vn.govcomm.zalo;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import vn.govcomm.embedded.EmbeddedKafka;
import vn.govcomm.embedded.EmbeddedMongo;
import vn.govcomm.fakes.zalo.FakeZalo;
import vn.govcomm.identity.testing.TestCallers;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One adapter "process" for the crash tests: its own Spring context on a shared broker, store and Zalo fake, with
 * short timings. Closing it is the kill (calls in flight are interrupted, nothing is cleaned up); a new one on the
 * same database is the restart.
 */
public final class AdapterProcess {

    private AdapterProcess() {
    }

    /** The timings of these tests: quick polls, a 2 s lease, horizons of seconds, the kit's retries in ms. */
    public static final List<String> FAST = List.of(
            "--govcomm.zalo.read-timeout=5s",
            "--govcomm.zalo.workflow.initial-delay=50ms",
            "--govcomm.zalo.workflow.max-delay=500ms",
            "--govcomm.zalo.workflow.poll-interval=100ms",
            "--govcomm.zalo.workflow.lease=2s",
            "--govcomm.zalo.workflow.lookup-horizon=4s",
            "--govcomm.zalo.workflow.reconcile-horizon=6s",
            "--govcomm.zalo.workflow.orphan-grace=1s",
            "--govcomm.zalo.workflow.orphan-interval=1s",
            "--govcomm.zalo.workflow.rate-limit-wait=1s",
            "--govcomm.zalo.resilience.retry-initial-wait=20ms",
            "--govcomm.delivery.retry.first-delay=200ms",
            "--govcomm.delivery.retry.max-delay=2s",
            "--govcomm.delivery.retry.poll-interval=200ms");

    public static ConfigurableApplicationContext start(EmbeddedKafka kafka, EmbeddedMongo mongo, String database,
                                                       FakeZalo fake, Consumer<ConfigurableApplicationContext> before,
                                                       String... settings) {
        List<String> args = new ArrayList<>(List.of("--server.port=0",
                "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--spring.mongodb.uri=" + mongo.uri(database), "--govcomm.database=" + database,
                "--govcomm.zalo.openapi-base-url=" + fake.baseUrl(),
                "--govcomm.credentials.encryption-key=" + ZaloTestSupport.TEST_KEY,
                "--" + TestCallers.PUBLIC_KEYS_PROPERTY + "=" + TestCallers.publicKeys()));
        args.addAll(FAST);
        args.addAll(List.of(settings));
        SpringApplicationBuilder builder = new SpringApplicationBuilder(ZaloAdapterApplication.class)
                .properties("spring.config.name=" + ZaloAdapterApplication.CONFIG_NAME);
        if (before != null) {
            builder.initializers((ApplicationContextInitializer<ConfigurableApplicationContext>) before::accept);
        }
        return builder.run(args.toArray(String[]::new));
    }
}
