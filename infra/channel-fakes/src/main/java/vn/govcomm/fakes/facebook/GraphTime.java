package vn.govcomm.fakes.facebook;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Graph's time format ({@code 2026-02-01T10:00:00+0000}) and the accepted forms of scheduled_publish_time. */
final class GraphTime {

    private static final DateTimeFormatter GRAPH = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx")
            .withZone(ZoneOffset.UTC);

    private GraphTime() {
    }

    static String format(Instant instant) {
        return GRAPH.format(instant);
    }

    /**
     * UNIX seconds or ISO 8601 (with or without offset; none = UTC). Graph also takes strtotime() phrases such as
     * "+1 day"; the fake does not, and answers them as invalid.
     *
     * @return the instant, or {@code null} when the text is not understood
     */
    static Instant parse(String text) {
        String value = text.trim();
        if (value.matches("\\d{1,12}")) {
            return Instant.ofEpochSecond(Long.parseLong(value));
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return OffsetDateTime.parse(value, GRAPH).toInstant();
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            return null;
        }
    }
}
