package vn.govcomm.publishing.publications;

import org.bson.Document;
import org.jsoup.Jsoup;
import vn.govcomm.contracts.Channels;
import vn.govcomm.contracts.led.LedText;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a campaign's notice for one channel endpoint: the DeliveryRequested {@code content}. The campaign
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
        private final Map<String, Map<String, Object>> memo = new HashMap<>();

        private Renderer(Document notice) {
            this.notice = notice;
            this.plainBody = Jsoup.parse(notice.getString("bodyHtml")).text();
        }

        /** The returned map is shared between deliveries of the same variant: do not modify it. */
        public Map<String, Object> render(String channel, Document endpoint) {
            String key = Channels.LED.equals(channel) ? channel + ":" + charsPerLine(endpoint) : channel;
            return memo.computeIfAbsent(key, k -> Rendering.render(notice, plainBody, channel, endpoint));
        }
    }

    private static int charsPerLine(Document endpoint) {
        Document screen = endpoint.get("screen", Document.class);
        return screen != null && screen.getInteger("charsPerLine") != null ? screen.getInteger("charsPerLine") : 40;
    }

    private static Map<String, Object> render(Document notice, String plainBody, String channel, Document endpoint) {
        String title = notice.getString("title");
        String summary = notice.getString("summary");
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("title", title);
        switch (channel) {
            // the portal and a mailbox take the sanitised HTML; the text is the plain alternative
            case Channels.PORTAL, Channels.EMAIL -> {
                content.put("text", plainBody);
                content.put("html", notice.getString("bodyHtml"));
            }
            // a channel the platform cannot post to: the agency reads the notice and publishes it itself
            case Channels.MANUAL -> {
                content.put("text", plainBody);
                content.put("html", notice.getString("bodyHtml"));
            }
            case Channels.FACEBOOK -> content.put("text", notice.getString("facebookText") != null
                    ? notice.getString("facebookText")
                    : title + "\n\n" + (summary != null ? summary : plainBody));
            case Channels.ZALO -> {
                content.put("text", plainBody);
                Document article = notice.get("zaloArticle", Document.class);
                if (article != null) {
                    content.put("zaloArticle", new LinkedHashMap<>(article));
                }
            }
            case Channels.LED -> {
                String text = notice.getString("ledText") != null ? notice.getString("ledText") : title;
                content.put("text", text);
                content.put("lines", LedText.wrap(text, charsPerLine(endpoint)));
            }
            default -> throw new IllegalArgumentException("Unknown channel " + channel);
        }
        if (summary != null) {
            content.put("summary", summary);
        }
        List<?> attachments = notice.getList("attachments", Object.class);
        if (attachments != null && !attachments.isEmpty() && !Channels.LED.equals(channel)) {
            content.put("attachments", attachments);
        }
        return content;
    }
}
