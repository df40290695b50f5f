package vn.govcomm.publishing.publications;

import org.bson.Document;
import org.jsoup.Jsoup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a campaign's notice for one channel endpoint: the DeliveryRequested {@code content}. The campaign
 * service already sanitised the HTML; here we only choose the variant and shape the text.
 */
public final class Rendering {

    private Rendering() {
    }

    public static Map<String, Object> render(Document notice, String channel, Document endpoint) {
        String title = notice.getString("title");
        String plainBody = Jsoup.parse(notice.getString("bodyHtml")).text();
        String summary = notice.getString("summary");
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("title", title);
        switch (channel) {
            case "portal" -> {
                content.put("text", plainBody);
                content.put("html", notice.getString("bodyHtml"));
            }
            case "facebook" -> content.put("text", notice.getString("facebookText") != null
                    ? notice.getString("facebookText")
                    : title + "\n\n" + (summary != null ? summary : plainBody));
            case "zalo" -> {
                content.put("text", plainBody);
                Document article = notice.get("zaloArticle", Document.class);
                if (article != null) {
                    content.put("zaloArticle", new LinkedHashMap<>(article));
                }
            }
            case "led" -> {
                String text = notice.getString("ledText") != null ? notice.getString("ledText") : title;
                content.put("text", text);
                Document screen = endpoint.get("screen", Document.class);
                int width = screen != null && screen.getInteger("charsPerLine") != null ? screen.getInteger("charsPerLine") : 40;
                content.put("lines", wrap(text, width));
            }
            default -> throw new IllegalArgumentException("Unknown channel " + channel);
        }
        if (summary != null) {
            content.put("summary", summary);
        }
        List<?> attachments = notice.getList("attachments", Object.class);
        if (attachments != null && !attachments.isEmpty() && !"led".equals(channel)) {
            content.put("attachments", attachments);
        }
        return content;
    }

    /** Greedy word wrap to the screen width; a word longer than a line is split. */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.trim().split("\\s+")) {
            while (word.length() > width) {
                if (!line.isEmpty()) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                lines.add(word.substring(0, width));
                word = word.substring(width);
            }
            if (line.isEmpty()) {
                line.append(word);
            } else if (line.length() + 1 + word.length() <= width) {
                line.append(' ').append(word);
            } else {
                lines.add(line.toString());
                line.setLength(0);
                line.append(word);
            }
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }
}
