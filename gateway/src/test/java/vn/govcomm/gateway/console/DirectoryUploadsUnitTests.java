package vn.govcomm.gateway.console;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

/** The checked directory files the console keeps until the import is confirmed: per admin, bounded, for a while. */
class DirectoryUploadsUnitTests {

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-12-05T01:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final MovableClock clock = new MovableClock();
    final DirectoryUploads uploads = new DirectoryUploads(clock);

    @Test
    void aFileIsFoundOnlyWithItsTokenByTheAdminWhoCheckedItUntilItExpires() {
        String token = uploads.keep("hoang.quoc.bao", "danh-ba.csv", "text/csv", new byte[]{1, 2});

        assertThat(uploads.find(token, "hoang.quoc.bao")).hasValueSatisfying(u -> assertThat(u.content()).containsExactly(1, 2));
        assertThat(uploads.find(token, "another.admin")).isEmpty();
        assertThat(uploads.find("not-" + token, "hoang.quoc.bao")).isEmpty();
        assertThat(uploads.find(null, "hoang.quoc.bao")).isEmpty();

        clock.now = clock.now.plus(DirectoryUploads.KEPT).minusSeconds(1);
        assertThat(uploads.find(token, "hoang.quoc.bao")).isPresent();
        clock.now = clock.now.plus(Duration.ofSeconds(1));
        assertThat(uploads.find(token, "hoang.quoc.bao")).isEmpty();
    }

    @Test
    void aNewCheckReplacesTheAdminsFileAndTheOldestGoesBeyondTheCap() {
        String first = uploads.keep("a", "1.csv", "text/csv", new byte[]{1});
        String second = uploads.keep("a", "2.csv", "text/csv", new byte[]{2});
        assertThat(uploads.find(first, "a")).isEmpty();
        assertThat(uploads.find(second, "a")).isPresent();

        String[] others = new String[DirectoryUploads.MAX_FILES];
        for (int i = 0; i < others.length; i++) {
            others[i] = uploads.keep("admin-" + i, i + ".csv", "text/csv", new byte[]{(byte) i});
        }
        assertThat(uploads.find(second, "a")).isEmpty();
        for (int i = 0; i < others.length; i++) {
            assertThat(uploads.find(others[i], "admin-" + i)).isPresent();
        }
    }
}
