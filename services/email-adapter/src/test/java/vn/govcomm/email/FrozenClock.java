package vn.govcomm.email;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import java.time.Clock;

/** The adapter's clock in the integration tests: {@link EmailAdapterTestSupport#CLOCK}, moved only by the tests. */
@TestConfiguration(proxyBeanMethods = false)
class FrozenClock {

    @Bean
    @Primary
    Clock testClock() {
        return EmailAdapterTestSupport.CLOCK;
    }
}
