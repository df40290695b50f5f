package vn.govcomm.zalo.oa;

import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When an OA that got -32 may call Zalo again. Zalo's quota call and its answer are UNCONFIRMED (the notes give
 * only the path, {@code /v2.0/oa/quota/message}): the path and the field holding the reset time are configuration
 * ({@code govcomm.zalo.workflow.quota-path}, {@code quota-reset-field}); the value may be epoch seconds, epoch
 * milliseconds (as a number or a string) or an ISO-8601 instant. Without a usable answer the caller falls back to
 * its configured wait. A refused broadcast is remembered per connection until that time ({@link #broadcastsRefused}).
 */
public class ZaloQuota {

    /** Broadcasts of a connection refused (-32) until {@code until}, with the reason an officer reads. */
    public record Refusal(Instant until, String reason) {
    }

    private final ZaloClient client;
    private final ZaloProperties.Workflow settings;
    private final Clock clock;
    /**
     * Connection id → until when its broadcasts are refused, as the last -32 and the quota call told. A campaign
     * sends thousands of broadcasts through one connection (the default app's token serves many OAs): once one is
     * refused, the others would be too, so they wait for that time without a refused call and a quota call each.
     * In memory: a new instance learns it again from its first refusal.
     */
    private final Map<String, Refusal> broadcastRefusals = new ConcurrentHashMap<>();

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

    /** The refusal in force for this OA's connection's broadcasts, if any (an expired one is forgotten). */
    public Optional<Refusal> broadcastsRefused(String oaId) {
        String connection;
        try {
            connection = client.connectionId(oaId);
        } catch (RuntimeException unknown) {
            return Optional.empty(); // no connection: the call itself says what is wrong
        }
        Refusal refusal = broadcastRefusals.get(connection);
        if (refusal == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(refusal.until())) {
            broadcastRefusals.remove(connection, refusal);
            return Optional.empty();
        }
        return Optional.of(refusal);
    }

    /** A broadcast through this OA's connection was refused (-32) and its limit lifts at {@code until}. */
    public void broadcastRefused(String oaId, Instant until, String reason) {
        try {
            broadcastRefusals.merge(client.connectionId(oaId), new Refusal(until, reason),
                    (known, now) -> now.until().isAfter(known.until()) ? now : known);
        } catch (RuntimeException unknown) {
            // no connection: nothing to remember
        }
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
