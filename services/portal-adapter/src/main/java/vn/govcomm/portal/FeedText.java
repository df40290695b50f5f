package vn.govcomm.portal;

import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;
import org.owasp.html.Sanitizers;

import java.text.Normalizer;

/**
 * Text as it leaves in a feed: Unicode NFC (Vietnamese has composed and decomposed spellings of the same letter),
 * without characters XML 1.0 forbids, and HTML sanitised again (no script, no event handlers, no styles), however
 * clean the publisher already made it.
 */
public final class FeedText {

    private static final PolicyFactory HTML = Sanitizers.FORMATTING.and(Sanitizers.BLOCKS).and(Sanitizers.LINKS)
            .and(Sanitizers.TABLES).and(Sanitizers.IMAGES)
            .and(new HtmlPolicyBuilder().allowElements("br", "hr").toFactory());

    private FeedText() {
    }

    public static String text(String value) {
        if (value == null) {
            return null;
        }
        return stripInvalidXml(Normalizer.normalize(value, Normalizer.Form.NFC));
    }

    public static String html(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return text(HTML.sanitize(Normalizer.normalize(value, Normalizer.Form.NFC)));
    }

    private static String stripInvalidXml(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD) || Character.isSurrogate(c);
            if (!ok && sb == null) {
                sb = new StringBuilder(s.length()).append(s, 0, i);
            } else if (ok && sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }
}
