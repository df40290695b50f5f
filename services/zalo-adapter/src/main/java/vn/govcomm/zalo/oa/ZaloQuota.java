package vn.govcomm.zalo.oa;

import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * When an OA that got -32 may call Zalo again. Zalo's quota call and its answer are UNCONFIRMED (the notes give
 * only the path, {@code /v2.0/oa/quota/message}): the path and the field holding the reset time are configuration
 * ({@code govcomm.zalo.workflow.quota-path}, {@code quota-reset-field}); the value may be epoch seconds, epoch
 * milliseconds (as a number or a string) or an ISO-8601 instant. Without a usable answer the caller falls back to
 * its configured wait.
 */
public class ZaloQuota {

    private final ZaloClient client;
    private final ZaloProperties.Workflow settings;
    private final Clock clock;

    ZaloQuota(ZaloClient client, ZaloProperties properties, Clock clock) {
        this.client = client;
        this.settings = properties.workflow();
        this.clock = clock;
    }

    /**
     * How long until the OA's limit lifts, as Zalo tells it (zero when that time has passed: clocks differ); empty
     * when it does not say (or cannot be asked now).
     */
    public Optional<Duration> waitFor(String oaId) {
        JsonNode answer;
        try {
            answer = client.get(oaId, ZaloClient.Operation.QUOTA, settings.quotaPath());
        } catch (ZaloCallException e) {
            return Optional.empty();
        }
        return resetTime(answer.path("data").path(settings.quotaResetField()))
                .map(reset -> Duration.between(clock.instant(), reset))
                .map(wait -> wait.isNegative() ? Duration.ZERO : wait);
    }

    static Optional<Instant> resetTime(JsonNode value) {
        String text = value.isNumber() ? value.asString() : value.isString() ? value.asString().strip() : null;
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        try {
            long n = Long.parseLong(text);
            // Seconds until the year 5138, milliseconds after 1973: the two cannot be confused for real dates.
            return Optional.of(n > 100_000_000_000L ? Instant.ofEpochMilli(n) : Instant.ofEpochSecond(n));
        } catch (NumberFormatException notANumber) {
            try {
                return Optional.of(Instant.parse(text));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
    }
}
