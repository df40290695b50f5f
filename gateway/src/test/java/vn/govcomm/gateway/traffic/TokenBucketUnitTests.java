package vn.govcomm.gateway.traffic;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class TokenBucketUnitTests {

    @Test
    void allowsABurstUpToCapacityThenRefillsOverThePeriod() {
        long period = TimeUnit.SECONDS.toNanos(60);
        RateLimitFilter.Bucket bucket = new RateLimitFilter.Bucket(3, 0);
        assertThat(bucket.take(3, period, 0)).isZero();
        assertThat(bucket.take(3, period, 0)).isZero();
        assertThat(bucket.take(3, period, 0)).isZero();
        long wait = bucket.take(3, period, 0);
        assertThat(wait).isEqualTo(TimeUnit.SECONDS.toNanos(20));
        assertThat(bucket.take(3, period, TimeUnit.SECONDS.toNanos(20))).isZero();
    }
}
