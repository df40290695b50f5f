package vn.govcomm.notification.notifications;

import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriComponentsBuilder;
import vn.govcomm.contracts.Channels;
import vn.govcomm.notification.directory.Agency;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The text of every notification, Vietnamese first (an official's letter: "Kính gửi", the campaign, the deadline
 * as dd/MM/yyyy, the channels in words, the link), a short English paragraph second. Plain text and HTML say the
 * same; every text that came from outside (titles, names, comments) is escaped in the HTML.
 */
public final class Letters {

    static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy").withZone(ZONE);
    static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("HH:mm 'ngày' dd/MM/yyyy").withZone(ZONE);
    static final int MAX_SUBJECT = 500;

    /** The channels in words, as the agency's staff call them. */
    static final Map<String, String> CHANNELS;
    static {
        Map<String, String> words = new LinkedHashMap<>();
        words.put(Channels.PORTAL, "Cổng/Trang thông tin điện tử");
        words.put(Channels.FACEBOOK, "Trang Facebook (Fanpage)");
        words.put(Channels.ZALO, "Trang Zalo OA");
        words.put(Channels.LED, "Màn hình LED");
        words.put(Channels.MANUAL, "Niêm yết, thông báo tại đơn vị (bảng tin, văn bản điện tử, loa truyền thanh, báo chí…)");
        words.put(Channels.EMAIL, "Thư điện tử công vụ");
        CHANNELS = Map.copyOf(words);
    }

    /** The English channel names of the second paragraph. */
    private static final Map<String, String> CHANNELS_EN = Map.of(Channels.PORTAL, "web portal", Channels.FACEBOOK,
            "Facebook Page", Channels.ZALO, "Zalo OA", Channels.LED, "LED screen", Channels.MANUAL,
            "notice board / in-house dissemination", Channels.EMAIL, "official e-mail");

    /** Subject, plain text and HTML of one mail. */
    public record Letter(String subject, String text, String html) {
    }

    private final String consoleBaseUrl;

    public Letters(String consoleBaseUrl) {
        this.consoleBaseUrl = consoleBaseUrl.endsWith("/") ? consoleBaseUrl.substring(0, consoleBaseUrl.length() - 1)
                : consoleBaseUrl;
    }

    public static String channel(String channel) {
        return CHANNELS.getOrDefault(channel, channel);
    }

    public static String date(Instant instant) {
        return DATE.format(instant);
    }

    /** The page of the campaign for an agency it is addressed to. */
    public String addresseeLink(String campaignId) {
        return link("/console/addressed/{id}", campaignId);
    }

    /** The campaign's page for the issuing agency. */
    public String campaignLink(String campaignId) {
        return link("/console/campaigns/{id}", campaignId);
    }

    private String link(String path, String campaignId) {
        return consoleBaseUrl + UriComponentsBuilder.fromPath(path).buildAndExpand(campaignId).encode().toUriString();
    }

    /** The subject; known when the notification is queued (it needs no directory look-up). */
    public String subject(Notification n) {
        String title = title(n);
        String subject = switch (n.kind()) {
            case REMINDER -> days(n) < 0 ? "[Nhắc việc] " + title + ": còn " + (-days(n)) + " ngày"
                    : "[Nhắc việc] " + title + ": hạn chót hôm nay";
            case ESCALATION -> n.audience() == Notification.Audience.ISSUER
                    ? "[Quá hạn] " + title + ": " + n.shortfalls().size() + " cơ quan, đơn vị chưa thực hiện"
                    : "[Quá hạn] " + title + ": đã quá hạn " + days(n) + " ngày";
            case OBSERVER_COPY -> "[Bản sao] " + title + ": " + n.shortfalls().size() + " cơ quan, đơn vị chưa thực hiện";
            case SUBMITTED -> "[Chờ phê duyệt] " + title;
            case APPROVED -> "[Đã phê duyệt] " + title;
            case REJECTED -> "[Bị từ chối] " + title;
        };
        return subject.length() <= MAX_SUBJECT ? subject : subject.substring(0, MAX_SUBJECT - 1) + "…";
    }

    /**
     * The whole mail. {@code agencies}: the directory's view of the recipient agency, the issuing agency and, for
     * summaries, every agency listed (names; unknown ones show their id).
     */
    public Letter compose(Notification n, Map<String, Agency> agencies, Instant now) {
        Body body = new Body();
        String title = title(n);
        String issuer = name(agencies, n.issuingAgencyId());
        String deadline = n.deadline() == null ? null : date(n.deadline());
        switch (n.kind()) {
            case REMINDER, ESCALATION -> {
                if (n.audience() == Notification.Audience.ISSUER) {
                    summary(body, n, agencies, "Kính gửi: " + issuer, now);
                    body.link("Xem tình hình thực hiện", campaignLink(n.campaignId()));
                    body.english("Overdue: " + n.shortfalls().size() + " agencies have not yet published \"" + title
                            + "\" (deadline " + deadline + ") on every required channel. Details: " + campaignLink(n.campaignId()));
                } else {
                    reminder(body, n, agencies, issuer, title, deadline, now);
                }
            }
            case OBSERVER_COPY -> {
                summary(body, n, agencies, "Kính gửi: Quý cơ quan, đơn vị theo dõi", now);
                body.paragraph("Thư này là bản sao gửi cơ quan, đơn vị theo dõi theo đề nghị của " + issuer + ".");
                body.english("Copy for observers: " + n.shortfalls().size() + " agencies have not yet published \""
                        + title + "\" (deadline " + deadline + ") on every required channel.");
            }
            case SUBMITTED -> {
                body.paragraph("Kính gửi: " + issuer);
                body.paragraph("Chiến dịch truyền thông “" + title + "”" + code(n) + " đã được trình"
                        + by(n) + " và đang chờ phê duyệt.");
                body.paragraph("Đề nghị người có thẩm quyền xem xét, phê duyệt hoặc từ chối.");
                body.link("Xem và phê duyệt", campaignLink(n.campaignId()));
                body.english("Campaign \"" + title + "\" was submitted and awaits approval: " + campaignLink(n.campaignId()));
            }
            case APPROVED -> {
                body.paragraph("Kính gửi: " + issuer);
                body.paragraph("Chiến dịch truyền thông “" + title + "”" + code(n) + " đã được phê duyệt" + by(n)
                        + ". Hệ thống sẽ phát hành thông báo đến các cơ quan, đơn vị theo kế hoạch.");
                comment(body, n);
                body.link("Xem chiến dịch", campaignLink(n.campaignId()));
                body.english("Campaign \"" + title + "\" was approved and will be published as planned: "
                        + campaignLink(n.campaignId()));
            }
            case REJECTED -> {
                body.paragraph("Kính gửi: " + issuer);
                body.paragraph("Chiến dịch truyền thông “" + title + "”" + code(n) + " đã bị từ chối" + by(n) + ".");
                if (!n.reasons().isEmpty()) {
                    body.list("Lý do:", n.reasons());
                }
                comment(body, n);
                body.paragraph("Đề nghị chỉnh sửa theo ý kiến trên và trình lại.");
                body.link("Chỉnh sửa chiến dịch", campaignLink(n.campaignId()));
                body.english("Campaign \"" + title + "\" was rejected" + (n.reasons().isEmpty() ? "" : ": "
                        + String.join("; ", n.reasons())) + ". Edit and submit again: " + campaignLink(n.campaignId()));
            }
        }
        return new Letter(n.subject() != null ? n.subject() : subject(n), body.text(), body.html());
    }

    private void reminder(Body body, Notification n, Map<String, Agency> agencies, String issuer, String title,
                          String deadline, Instant now) {
        String link = addresseeLink(n.campaignId());
        body.paragraph("Kính gửi: " + name(agencies, n.recipientAgencyId()));
        body.paragraph(issuer + " đề nghị Quý cơ quan, đơn vị đăng tải thông báo “" + title + "”" + code(n)
                + " trên các kênh được giao, hạn chót ngày " + deadline + ".");
        body.list("Đến " + DATE_TIME.format(now) + ", hệ thống chưa ghi nhận Quý cơ quan, đơn vị hoàn thành trên các kênh sau:",
                n.missingChannels().stream().map(Letters::channel).toList());
        int days = days(n);
        if (n.kind() == Notification.Kind.ESCALATION) {
            body.paragraph("Thời hạn đã quá " + days + " ngày; việc chưa thực hiện đã được báo cáo " + issuer + ".");
        } else if (days < 0) {
            body.paragraph("Thời hạn còn " + (-days) + " ngày.");
        } else {
            body.paragraph("Hôm nay là hạn chót.");
        }
        body.paragraph("Nếu Quý cơ quan, đơn vị đã thực hiện (ví dụ niêm yết tại Bộ phận Một cửa), đề nghị xác nhận kèm minh chứng.");
        body.link("Xem yêu cầu và xác nhận kết quả thực hiện", link);
        body.english((n.kind() == Notification.Kind.ESCALATION ? "Overdue since " : "Reminder, deadline ") + deadline
                + ": \"" + title + "\" is still missing on " + String.join(", ",
                n.missingChannels().stream().map(c -> CHANNELS_EN.getOrDefault(c, c)).toList()) + ". Details: " + link);
    }

    private void summary(Body body, Notification n, Map<String, Agency> agencies, String greeting, Instant now) {
        body.paragraph(greeting);
        String deadline = n.deadline() == null ? "" : " (hạn chót ngày " + date(n.deadline()) + ")";
        List<String> lines = new ArrayList<>();
        for (Notification.Shortfall s : n.shortfalls()) {
            lines.add(name(agencies, s.agencyId()) + ": " + String.join("; ", s.channels().stream().map(Letters::channel).toList()));
        }
        body.list("Thông báo “" + title(n) + "”" + code(n) + deadline + ": đến " + DATE_TIME.format(now) + ", còn "
                + n.shortfalls().size() + " cơ quan, đơn vị chưa hoàn thành trên các kênh được giao:", lines);
    }

    private static void comment(Body body, Notification n) {
        if (n.comment() != null && !n.comment().isBlank()) {
            body.paragraph("Ý kiến: " + n.comment());
        }
    }

    /** Who did it, by name (the user id only for news of transitions recorded before names were carried). */
    private static String by(Notification n) {
        if (n.actor() == null || n.actor().isBlank() || "system".equals(n.actor())) {
            return "";
        }
        String who = n.actorName() != null && !n.actorName().isBlank() ? n.actorName() : n.actor();
        return " (người thực hiện: " + who + ")";
    }

    private static String code(Notification n) {
        return n.campaignCode() == null || n.campaignCode().isBlank() ? "" : " (mã " + n.campaignCode() + ")";
    }

    private static String title(Notification n) {
        if (n.campaignTitle() != null && !n.campaignTitle().isBlank()) {
            return n.campaignTitle();
        }
        return n.campaignCode() != null ? n.campaignCode() : n.campaignId();
    }

    private static int days(Notification n) {
        return n.daysFromDeadline() == null ? 0 : n.daysFromDeadline();
    }

    private static String name(Map<String, Agency> agencies, String agencyId) {
        Agency agency = agencies.get(agencyId);
        return agency == null ? agencyId : agency.displayName();
    }

    /** Builds the plain text and the HTML side by side. */
    private static final class Body {
        private final StringBuilder text = new StringBuilder();
        private final StringBuilder html = new StringBuilder();
        private final List<String> english = new ArrayList<>();

        void paragraph(String line) {
            text.append(line).append("\n\n");
            html.append("<p>").append(escape(line)).append("</p>\n");
        }

        void list(String intro, List<String> items) {
            text.append(intro).append('\n');
            html.append("<p>").append(escape(intro)).append("</p>\n<ul>\n");
            for (String item : items) {
                text.append("  - ").append(item).append('\n');
                html.append("<li>").append(escape(item)).append("</li>\n");
            }
            text.append('\n');
            html.append("</ul>\n");
        }

        void link(String label, String url) {
            text.append(label).append(": ").append(url).append("\n\n");
            html.append("<p><a href=\"").append(escape(url)).append("\">").append(escape(label)).append("</a>: ")
                    .append(escape(url)).append("</p>\n");
        }

        void english(String line) {
            english.add(line);
        }

        String text() {
            StringBuilder all = new StringBuilder(text);
            all.append("Trân trọng,\nHệ thống GovComm (thư tự động, vui lòng không trả lời thư này)\n");
            if (!english.isEmpty()) {
                all.append("\n---\n");
                english.forEach(line -> all.append(line).append('\n'));
                all.append("(Automatic message from GovComm; please do not reply.)\n");
            }
            return all.toString();
        }

        String html() {
            StringBuilder all = new StringBuilder("<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"UTF-8\">"
                    + "<title>GovComm</title></head>\n<body style=\"font-family: Arial, sans-serif; font-size: 14px\">\n");
            all.append(html);
            all.append("<p>Trân trọng,<br>Hệ thống GovComm (thư tự động, vui lòng không trả lời thư này)</p>\n");
            if (!english.isEmpty()) {
                all.append("<hr>\n<div lang=\"en\" style=\"color: #555\">\n");
                english.forEach(line -> all.append("<p>").append(escape(line)).append("</p>\n"));
                all.append("<p>(Automatic message from GovComm; please do not reply.)</p>\n</div>\n");
            }
            return all.append("</body></html>\n").toString();
        }

        private static String escape(String text) {
            return HtmlUtils.htmlEscape(text, "UTF-8");
        }
    }
}
