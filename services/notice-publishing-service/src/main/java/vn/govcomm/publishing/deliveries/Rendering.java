package vn.govcomm.publishing.deliveries;

import org.bson.Document;
import org.jsoup.Jsoup;
import vn.govcomm.contracts.Channels;
import vn.govcomm.contracts.led.LedText;
import vn.govcomm.contracts.events.Attachment;
import vn.govcomm.contracts.events.DeliveryRequested.Content;
import vn.govcomm.contracts.events.DeliveryRequested.ZaloArticle;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a campaign's notice for one channel endpoint: the DeliveryRequested {@link Content}. The campaign
 * service already sanitised the HTML; here we only choose the variant and shape the text. LED lines follow the LED
 * channel's one text rule ({@link LedText}), the one the campaign service checked the text with.
 */
public final class Rendering {

    private Rendering() {
    }

    /** Renders once per distinct (channel, screen width) of a notice: a fan-out of 40,000 deliveries parses the HTML once. */
    public static Renderer forNotice(Document notice) {
        return new Renderer(notice);
    }

    public static final class Renderer {
        private final Document notice;
        private final String plainBody;
        private final Map<String, Content> memo = new HashMap<>();

        private Renderer(Document notice) {
            this.notice = notice;
            this.plainBody = Jsoup.parse(notice.getString("bodyHtml")).text();
        }

        /** The content is shared between deliveries of the same variant. */
        public Content render(String channel, Document endpoint) {
            String key = Channels.LED.equals(channel) ? channel + ":" + charsPerLine(endpoint) : channel;
            return memo.computeIfAbsent(key, k -> Rendering.render(notice, plainBody, channel, endpoint));
        }
    }

    private static int charsPerLine(Document endpoint) {
        Document screen = endpoint.get("screen", Document.class);
        return screen != null && screen.getInteger("charsPerLine") != null ? screen.getInteger("charsPerLine") : 40;
    }

    private static Content render(Document notice, String plainBody, String channel, Document endpoint) {
        String title = notice.getString("title");
        String summary = notice.getString("summary");
        List<Attachment> attachments = attachments(notice);
        return switch (channel) {
            // the portal and a mailbox take the sanitised HTML, the text is the plain alternative; on a manual
            // channel (one the platform cannot post to) the agency reads the notice and publishes it itself
            case Channels.PORTAL, Channels.EMAIL, Channels.MANUAL ->
                    new Content(title, plainBody, notice.getString("bodyHtml"), summary, null, null, attachments);
            case Channels.FACEBOOK -> new Content(title, notice.getString("facebookText") != null
                    ? notice.getString("facebookText")
                    : title + "\n\n" + (summary != null ? summary : plainBody), null, summary, null, null, attachments);
            case Channels.ZALO -> new Content(title, plainBody, null, summary, null,
                    zaloArticle(notice.get("zaloArticle", Document.class)), attachments);
            case Channels.LED -> {
                // a screen shows text only: no attachments
                String text = notice.getString("ledText") != null ? notice.getString("ledText") : title;
                yield new Content(title, text, null, summary, LedText.wrap(text, charsPerLine(endpoint)), null, null);
            }
            default -> throw new IllegalArgumentException("Unknown channel " + channel);
        };
    }

    private static ZaloArticle zaloArticle(Document article) {
        return article == null ? null : new ZaloArticle(article.getString("title"), article.getString("author"),
                article.getString("description"), article.getString("coverUrl"));
    }

    /** The notice's attachments, or null when it has none (the request then carries no attachments field). */
    private static List<Attachment> attachments(Document notice) {
        List<Document> attachments = notice.getList("attachments", Document.class);
        if (attachments == null || attachments.isEmpty()) {
            return null;
        }
        return attachments.stream().map(a -> new Attachment(a.getString("name"), a.getString("mediaType"),
                a.getString("url"), a.get("sizeBytes") instanceof Number size ? size.longValue() : null)).toList();
    }
}
