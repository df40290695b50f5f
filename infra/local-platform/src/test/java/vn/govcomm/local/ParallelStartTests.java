package vn.govcomm.local;

import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The services' contexts start side by side (before the gateway): when one fails, the start fails
 * with its exception, and every context that did start is closed again; the gateway never starts.
 */
class ParallelStartTests {

    @Test
    void aServiceThatFailsToStartStopsThePlatformAndClosesTheContextsThatStarted() {
        Map<PlatformService, ConfigurableApplicationContext> begun = new ConcurrentHashMap<>();
        Map<PlatformService, ApplicationContextInitializer<ConfigurableApplicationContext>> initializers =
                new EnumMap<>(PlatformService.class);
        for (PlatformService service : PlatformService.values()) {
            initializers.put(service, service == PlatformService.LED
                    ? context -> {
                        throw new IllegalStateException("LED adapter refused to start (test)");
                    }
                    : context -> begun.put(service, context));
        }

        assertThatThrownBy(() -> LocalPlatform.start(LocalPlatform.Settings.forTests(), initializers))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("LED adapter refused to start (test)");

        assertThat(begun).containsKey(PlatformService.CAMPAIGN).doesNotContainKey(PlatformService.GATEWAY);
        begun.forEach((service, context) -> assertThat(context.isActive()).as(service.serviceName()).isFalse());
    }

    @Test
    void theNumberOfStartThreadsIsAtLeastOne() {
        String before = System.getProperty(LocalPlatform.START_THREADS_PROPERTY);
        try {
            System.setProperty(LocalPlatform.START_THREADS_PROPERTY, "0");
            assertThatThrownBy(() -> LocalPlatform.start(LocalPlatform.Settings.forTests()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("govcomm.start-threads");
            System.setProperty(LocalPlatform.START_THREADS_PROPERTY, "2");
            assertThat(LocalPlatform.startThreads()).isEqualTo(2);
            System.clearProperty(LocalPlatform.START_THREADS_PROPERTY);
            assertThat(LocalPlatform.startThreads()).isEqualTo(LocalPlatform.DEFAULT_START_THREADS);
        } finally {
            if (before == null) {
                System.clearProperty(LocalPlatform.START_THREADS_PROPERTY);
            } else {
                System.setProperty(LocalPlatform.START_THREADS_PROPERTY, before);
            }
        }
    }
}
