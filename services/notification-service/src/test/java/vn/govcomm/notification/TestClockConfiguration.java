package vn.govcomm.notification;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** The service's clock in the tests: {@link NotificationServiceContext#CLOCK}, moved by the tests only. */
@TestConfiguration(proxyBeanMethods = false)
class TestClockConfiguration {

    @Bean
    @Primary
    MutableClock testClock() {
        return NotificationServiceContext.CLOCK;
    }
}
