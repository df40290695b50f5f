package vn.govcomm.led.signage;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IfNoneMatchUnitTests {

    static final String ETAG = "\"3f9a01\"";

    @Test
    void matchesTheSameTagAListContainingItAWeakFormAndTheWildcard() {
        assertThat(SignageController.matches(ETAG, ETAG)).isTrue();
        assertThat(SignageController.matches("\"old\", " + ETAG, ETAG)).isTrue();
        assertThat(SignageController.matches("W/" + ETAG, ETAG)).isTrue();
        assertThat(SignageController.matches("*", ETAG)).isTrue();
    }

    @Test
    void doesNotMatchAbsentStaleOrUnquotedValidators() {
        assertThat(SignageController.matches(null, ETAG)).isFalse();
        assertThat(SignageController.matches("\"stale\"", ETAG)).isFalse();
        assertThat(SignageController.matches("3f9a01", ETAG)).isFalse();
    }
}
