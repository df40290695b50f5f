package vn.govcomm.reporting.projections;

import org.bson.Document;
import vn.govcomm.contracts.events.NotificationSent;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * What an agency was sent about one campaign, read from its per-agency document ({@link NotificationProjection}):
 * reminders (before or on the deadline) and escalations (after it) that went out, with their dates, and
 * notifications that could not be sent. {@code text}/{@code textEn} is the line the reports show, e.g.
 * "nhắc 2 lần — 12/09, 15/09" / "reminded 2× — 12/09, 15/09" (dates dd/MM in Asia/Ho_Chi_Minh).
 */
public record Reminders(int reminded, List<Instant> remindedAt, int escalated, List<Instant> escalatedAt,
                        int failed, String lastFailure, String text, String textEn) {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM").withZone(ZoneId.of("Asia/Ho_Chi_Minh"));
    public static final Reminders NONE = of(null);

    /** From a per-agency document (null: nothing sent). */
    public static Reminders of(Document agency) {
        List<Instant> reminders = new ArrayList<>();
        List<Instant> escalations = new ArrayList<>();
        int failed = 0;
        long lastFailureAt = Long.MIN_VALUE;
        String lastFailure = null;
        Document notifications = agency == null ? null : agency.get("notifications", Document.class);
        if (notifications != null) {
            for (Object value : notifications.values()) {
                Document n = (Document) value;
                Date sentAt = n.getDate("sentAt");
                if (sentAt != null) {
                    (NotificationSent.Kind.ESCALATION.name().equals(n.getString("kind")) ? escalations : reminders).add(sentAt.toInstant());
                    continue;
                }
                Document failures = n.get("failures", Document.class);
                if (failures == null || failures.isEmpty()) {
                    continue;
                }
                failed++;
                for (Map.Entry<String, Object> f : failures.entrySet()) {
                    long at = Long.parseLong(f.getKey());
                    if (at > lastFailureAt) {
                        lastFailureAt = at;
                        lastFailure = (String) f.getValue();
                    }
                }
            }
        }
        reminders.sort(null);
        escalations.sort(null);
        List<String> vi = new ArrayList<>();
        List<String> en = new ArrayList<>();
        if (!reminders.isEmpty()) {
            vi.add("nhắc " + reminders.size() + " lần — " + days(reminders));
            en.add("reminded " + reminders.size() + "× — " + days(reminders));
        }
        if (!escalations.isEmpty()) {
            vi.add("đôn đốc sau hạn " + escalations.size() + " lần — " + days(escalations));
            en.add("escalated " + escalations.size() + "× after the deadline — " + days(escalations));
        }
        if (failed > 0) {
            String why = lastFailure == null || lastFailure.isBlank() ? "" : " (" + lastFailure + ")";
            vi.add(failed + " lần gửi không thành công" + why);
            en.add(failed + " could not be sent" + why);
        }
        if (vi.isEmpty()) {
            vi.add("chưa nhắc");
            en.add("not reminded");
        }
        return new Reminders(reminders.size(), List.copyOf(reminders), escalations.size(), List.copyOf(escalations),
                failed, lastFailure == null || lastFailure.isBlank() ? null : lastFailure, String.join("; ", vi),
                String.join("; ", en));
    }

    private static String days(List<Instant> times) {
        return String.join(", ", times.stream().map(DAY::format).toList());
    }
}
