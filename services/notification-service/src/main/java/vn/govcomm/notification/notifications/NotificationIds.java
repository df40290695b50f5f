package vn.govcomm.notification.notifications;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Deterministic notification ids: campaign + kind + due time + recipient, e.g.
 * {@code ntf-cmp-2023-khaosat-hailong-reminder-20231127-so-y-te}. The same round (or the same transition) for the
 * same recipient always gets the same id, so a round processed twice, or an event delivered twice, queues nothing
 * new (insert-first on {@code _id}), and the Message-ID {@code <id@domain>} is the same on every attempt.
 * <ul>
 *   <li>rounds: the due date ({@code yyyyMMdd}, Asia/Ho_Chi_Minh: one round per day at most);</li>
 *   <li>news: the transition's time to the millisecond ({@code yyyyMMdd'T'HHmmssSSS}: a campaign may be submitted
 *       again after a rejection);</li>
 *   <li>recipient: the agency; {@code summary-<issuer>} for the issuing agency's escalation summary (the issuer
 *       may also be a target); {@code obs-<12 hex of SHA-256 of the address>} for an observer.</li>
 * </ul>
 * An id longer than the contract's 120 characters becomes {@code ntf-<40 hex of its SHA-256>}.
 */
public final class NotificationIds {

    static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZONE);
    private static final DateTimeFormatter MOMENT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS").withZone(ZONE);
    private static final Pattern ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:-]*$");
    private static final int MAX = 120;

    private NotificationIds() {
    }

    public static String of(Notification n) {
        String kind = n.kind().name().toLowerCase(Locale.ROOT);
        boolean round = n.kind() == Notification.Kind.REMINDER || n.kind() == Notification.Kind.ESCALATION
                || n.kind() == Notification.Kind.OBSERVER_COPY;
        String when = round ? DAY.format(n.dueAt()) : MOMENT.format(n.dueAt());
        String recipient = switch (n.audience()) {
            case AGENCY -> n.recipientAgencyId();
            case ISSUER -> round ? "summary-" + n.recipientAgencyId() : n.recipientAgencyId();
            case OBSERVER -> "obs-" + sha256(n.recipients().getFirst().toLowerCase(Locale.ROOT)).substring(0, 12);
        };
        String id = "ntf-" + n.campaignId() + "-" + kind + "-" + when + "-" + recipient;
        return id.length() <= MAX && ID.matcher(id).matches() ? id : "ntf-" + sha256(id).substring(0, 40);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
