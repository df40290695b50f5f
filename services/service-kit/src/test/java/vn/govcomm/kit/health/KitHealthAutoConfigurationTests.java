package vn.govcomm.kit.health;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaAdmin;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;

/** Each check exists only where the service has its dependency, and can be switched off like Boot's own. */
class KitHealthAutoConfigurationTests {

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KitHealthAutoConfiguration.class));

    @Test
    void aServiceWithoutStoreOrBrokerGetsNeitherCheck() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(StoreHealthIndicator.class);
            assertThat(context).doesNotHaveBean(KafkaHealthIndicator.class);
        });
    }

    @Test
    void aServiceWithStoreAndBrokerGetsBothChecksUnderTheNamesTheProbeGroupsUse() {
        runner.withBean(MongoTemplate.class, KitHealthAutoConfigurationTests::mongoTemplate)
                .withBean(KafkaAdmin.class, () -> new KafkaAdmin(Map.of("bootstrap.servers", "127.0.0.1:9")))
                .run(context -> {
                    assertThat(context).hasSingleBean(StoreHealthIndicator.class);
                    assertThat(context).hasSingleBean(KafkaHealthIndicator.class);
                    // the contributor's name is the bean name without "HealthIndicator"
                    assertThat(context).hasBean("storeHealthIndicator").hasBean("kafkaHealthIndicator");
                    HealthCheckProperties properties = context.getBean(HealthCheckProperties.class);
                    assertThat(properties.store().timeout()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(properties.kafka().timeout()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(properties.kafka().cacheTime()).isEqualTo(Duration.ofSeconds(5));
                });
    }

    @Test
    void aServiceWithOnlyAStoreGetsOnlyTheStoreCheck() {
        runner.withBean(MongoTemplate.class, KitHealthAutoConfigurationTests::mongoTemplate).run(context -> {
            assertThat(context).hasSingleBean(StoreHealthIndicator.class);
            assertThat(context).doesNotHaveBean(KafkaHealthIndicator.class);
        });
    }

    @Test
    void eachCheckCanBeSwitchedOffLikeBootsOwn() {
        runner.withBean(MongoTemplate.class, KitHealthAutoConfigurationTests::mongoTemplate)
                .withBean(KafkaAdmin.class, () -> new KafkaAdmin(Map.of("bootstrap.servers", "127.0.0.1:9")))
                .withPropertyValues("management.health.store.enabled=false", "management.health.kafka.enabled=false")
                .run(context -> {
                    assertThat(context).doesNotHaveBean(StoreHealthIndicator.class);
                    assertThat(context).doesNotHaveBean(KafkaHealthIndicator.class);
                });
    }

    private static MongoTemplate mongoTemplate() {
        return mock(MongoTemplate.class, RETURNS_DEEP_STUBS); // no check runs here: only whether it exists
    }
}
