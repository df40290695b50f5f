package vn.govcomm.fakes.mail;

import jakarta.mail.Header;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.fakes.http.FakeHttpServer;
import vn.govcomm.fakes.http.Json;
import vn.govcomm.fakes.http.Request;
import vn.govcomm.fakes.http.Response;
import vn.govcomm.fakes.http.Router;

/**
 * The read-only web view of {@link FakeMailServer}'s mailboxes, on the same JDK HTTP server as the other fakes:
 * <ul>
 *   <li>{@code GET /}: every message, newest first (date, from, to, subject, link);</li>
 *   <li>{@code GET /messages/{n}}: one message: its headers, text part, HTML part (in a sandboxed iframe: no
 *       scripts, no same-origin access, and a CSP that loads nothing remote), attachments;
 *       {@code /messages/{n}/raw}: the message as stored;</li>
 *   <li>{@code GET /api/messages[?to=address]}: JSON for tests, newest first; {@code /api/messages/{n}};
 *       {@code GET /api/bounces}: the delivery-status notifications sent.</li>
 * </ul>
 */
public final class MailboxViewer extends FakeHttpServer<MailboxViewer> {

    private static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm:ss", Locale.ROOT)
            .withZone(ZONE);
    /** Nothing is loaded from anywhere; inline styles only; the message's HTML runs in an opaque-origin sandbox. */
    private static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-src 'self'";
    private static final String STYLE = "body{font-family:sans-serif;margin:1.5rem;color:#222}"
            + "table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.35rem .5rem;"
            + "text-align:left;vertical-align:top}th{background:#f3f3f3}pre{white-space:pre-wrap;background:#fafafa;"
            + "border:1px solid #ddd;padding:.75rem}iframe{width:100%;height:28rem;border:1px solid #ccc}"
            + "pre{font-family:inherit}.dsn{color:#a00}.muted{color:#777}"; // inherit: monospace fonts mangle Vietnamese marks

    private final FakeMailServer server;

    MailboxViewer(FakeMailServer server) {
        super("fake-mailbox-viewer");
        this.server = server;
    }

    @Override
    protected void routes(Router router) {
        router.get("/", this::list);
        router.get("/messages/{n}", this::show);
        router.get("/messages/{n}/raw", this::raw);
        router.get("/api/messages", this::apiList);
        router.get("/api/messages/{n}", this::apiOne);
        router.get("/api/bounces", this::apiBounces);
    }

    private List<ReceivedMail> newestFirst() {
        return server.messages().stream().sorted(Comparator.comparingInt(ReceivedMail::number).reversed()).toList();
    }

    private Response list(Request request) {
        StringBuilder rows = new StringBuilder();
        for (ReceivedMail mail : newestFirst()) {
            String subject = mail.subject();
            rows.append("<tr").append(mail.isDeliveryStatusNotification() ? " class=\"dsn\"" : "").append(">")
                    .append("<td>").append(mail.number()).append("</td>")
                    .append("<td>").append(shown(mail.date() != null ? mail.date() : mail.receivedAt())).append("</td>")
                    .append("<td>").append(escape(mail.from())).append("</td>")
                    .append("<td>").append(escape(mail.mailbox())).append("</td>")
                    .append("<td><a href=\"/messages/").append(mail.number()).append("\">")
                    .append(escape(subject == null || subject.isBlank() ? "(không có tiêu đề / no subject)" : subject))
                    .append("</a></td></tr>");
        }
        String body = "<h1>Hộp thư thử nghiệm <span class=\"muted\">/ Test mailboxes</span></h1>"
                + "<p class=\"muted\">SMTP " + FakeMailServer.HOST + ":" + server.smtpPort() + " · IMAP "
                + FakeMailServer.HOST + ":" + server.imapPort() + " · " + server.messages().size()
                + " thư / messages · <a href=\"/api/messages\">JSON</a></p>"
                + "<table><thead><tr><th>#</th><th>Ngày / Date</th><th>Người gửi / From</th><th>Hộp thư / To</th>"
                + "<th>Tiêu đề / Subject</th></tr></thead><tbody>" + rows
                + "</tbody></table>";
        return html(200, "Hộp thư thử nghiệm / Test mailboxes", body);
    }

    private Response show(Request request) {
        ReceivedMail mail = find(request);
        if (mail == null) {
            return html(404, "Không tìm thấy / Not found", "<p>Không có thư này / No such message. <a href=\"/\">←</a></p>");
        }
        StringBuilder headers = new StringBuilder();
        for (Header header : mail.headers()) {
            headers.append("<tr><th>").append(escape(header.getName())).append("</th><td>")
                    .append(escape(header.getValue())).append("</td></tr>");
        }
        StringBuilder attachments = new StringBuilder();
        for (ReceivedMail.Attachment attachment : mail.attachments()) {
            attachments.append("<li>").append(escape(attachment.name())).append(" <span class=\"muted\">(")
                    .append(escape(attachment.mediaType())).append(", ").append(attachment.sizeBytes())
                    .append(" bytes)</span>");
            if (attachment.mediaType().startsWith("message/") || attachment.mediaType().startsWith("text/")) {
                attachments.append("<pre>").append(escape(attachment.contentText())).append("</pre>");
            }
            attachments.append("</li>");
        }
        String text = mail.text();
        String html = mail.html();
        String body = "<p><a href=\"/\">← Tất cả thư / All messages</a> · <a href=\"/messages/" + mail.number()
                + "/raw\">Nguồn / Raw</a></p>"
                + "<h1>" + escape(mail.subject()) + "</h1>"
                + "<table><tbody>"
                + "<tr><th>Hộp thư / Mailbox</th><td>" + escape(mail.mailbox()) + "</td></tr>"
                + "<tr><th>Người gửi phong bì / Envelope from</th><td>"
                + escape(mail.envelopeFrom() == null ? "<>" : mail.envelopeFrom()) + "</td></tr>"
                + "<tr><th>Nhận lúc / Received</th><td>" + shown(mail.receivedAt()) + "</td></tr>"
                + "</tbody></table>"
                + (html == null ? "" : "<h2>HTML</h2><iframe sandbox title=\"HTML\" srcdoc=\"" + escape(html) + "\"></iframe>")
                + (text == null ? "" : "<h2>Văn bản / Text</h2><pre>" + escape(text) + "</pre>")
                + "<h2>Tệp và phần khác / Attachments and other parts</h2>"
                + (attachments.isEmpty() ? "<p class=\"muted\">Không có / None</p>" : "<ul>" + attachments + "</ul>")
                + "<h2>Tiêu đề thư / Headers</h2><table><tbody>" + headers + "</tbody></table>";
        return html(200, mail.subject(), body);
    }

    private Response raw(Request request) {
        ReceivedMail mail = find(request);
        if (mail == null) {
            return Response.text(404, "no such message");
        }
        return Response.of(200, "text/plain; charset=UTF-8", mail.rawText())
                .withHeader("X-Content-Type-Options", "nosniff");
    }

    private Response apiList(Request request) {
        String to = request.query("to");
        ArrayNode array = Json.array();
        for (ReceivedMail mail : newestFirst()) {
            if (to == null || mail.mailbox().equalsIgnoreCase(to)
                    || mail.to().stream().anyMatch(a -> a.toLowerCase(Locale.ROOT).contains(to.toLowerCase(Locale.ROOT)))) {
                array.add(json(mail));
            }
        }
        return Response.json(200, array);
    }

    private Response apiOne(Request request) {
        ReceivedMail mail = find(request);
        return mail == null ? Response.json(404, Map.of("error", "no such message")) : Response.json(200, json(mail));
    }

    private Response apiBounces(Request request) {
        ArrayNode array = Json.array();
        for (SentBounce bounce : server.bounces()) {
            ObjectNode node = Json.object();
            node.put("recipient", bounce.recipient());
            node.put("returnedTo", bounce.returnedTo());
            node.put("status", bounce.status());
            node.put("diagnostic", bounce.diagnostic());
            node.put("originalMessageId", bounce.originalMessageId());
            node.put("dsnMessageId", bounce.dsnMessageId());
            node.put("sentAt", bounce.sentAt().toString());
            array.add(node);
        }
        return Response.json(200, array);
    }

    static ObjectNode json(ReceivedMail mail) {
        ObjectNode node = Json.object();
        node.put("number", mail.number());
        node.put("mailbox", mail.mailbox());
        node.put("envelopeFrom", mail.envelopeFrom());
        node.put("receivedAt", mail.receivedAt().toString());
        Instant date = mail.date();
        node.put("date", date == null ? null : date.toString());
        node.put("from", mail.from());
        ArrayNode to = node.putArray("to");
        mail.to().forEach(to::add);
        ArrayNode replyTo = node.putArray("replyTo");
        mail.replyTo().forEach(replyTo::add);
        node.put("subject", mail.subject());
        node.put("messageId", mail.messageId());
        node.put("contentType", mail.contentType());
        node.put("deliveryStatusNotification", mail.isDeliveryStatusNotification());
        node.put("text", mail.text());
        node.put("html", mail.html());
        ArrayNode attachments = node.putArray("attachments");
        mail.attachments().forEach(a -> attachments.add(a.name()));
        ArrayNode headers = node.putArray("headers");
        for (Header header : mail.headers()) {
            headers.addObject().put("name", header.getName()).put("value", header.getValue());
        }
        return node;
    }

    private ReceivedMail find(Request request) {
        try {
            return server.message(Integer.parseInt(request.pathVar("n"))).orElse(null);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Response html(int status, String title, String body) {
        String page = "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"UTF-8\"><title>" + escape(title)
                + "</title><style>" + STYLE + "</style></head><body>" + body + "</body></html>";
        return Response.of(status, "text/html; charset=UTF-8", page)
                .withHeader("Content-Security-Policy", CSP)
                .withHeader("X-Content-Type-Options", "nosniff")
                .withHeader("Cache-Control", "no-store");
    }

    private static String shown(Instant instant) {
        return instant == null ? "" : SHOWN.format(instant);
    }

    /** Escapes for HTML text and double-quoted attributes (srcdoc included). */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
