package vn.govcomm.campaign.text;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Element;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;
import org.owasp.html.Sanitizers;
import vn.govcomm.kit.web.ApiProblem.FieldProblem;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Text that enters the service: valid Unicode only (no unpaired surrogates, no control characters except line
 * breaks and tabs in multi-line fields), normalised to NFC (Vietnamese typed on different keyboards arrives
 * decomposed or precomposed; NFC makes equal text equal), and rich text sanitised with the OWASP Java HTML
 * Sanitizer. Problems are collected per field, in Vietnamese and English.
 */
public final class TextHygiene {

    /**
     * The only picture a notice body may show: a file uploaded to this service, by the relative path of its download
     * ({@code AttachmentController}: {@code /api/campaigns/attachments/att-<uuid>}). Pictures from anywhere else
     * (another site, {@code data:}, {@code file:} left by a pasted document) are dropped: the platform would pass
     * on a link it has not checked and cannot keep.
     */
    public static final Pattern IMAGE_SOURCE = Pattern.compile(
            "/api/campaigns/attachments/att-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /**
     * What a notice body may contain: formatting, blocks, lists, tables, links, and images from {@link #IMAGE_SOURCE}
     * with their alternative text (an {@code img} without an accepted {@code src} is dropped whole).
     */
    static final PolicyFactory POLICY = Sanitizers.FORMATTING.and(Sanitizers.BLOCKS).and(Sanitizers.LINKS)
            .and(Sanitizers.TABLES)
            .and(new HtmlPolicyBuilder()
                    .allowElements((name, attributes) -> hasAttribute(attributes, "src") ? name : null, "img")
                    .allowAttributes("src").matching(IMAGE_SOURCE).onElements("img")
                    .allowAttributes("alt").onElements("img")
                    .toFactory())
            .and(new HtmlPolicyBuilder().allowElements("hr", "br", "sup", "sub").toFactory());

    /** Removed elements that show an attempt at active content rather than harmless formatting. */
    private static final Set<String> ACTIVE_ELEMENTS = Set.of("script", "iframe", "object", "embed", "applet",
            "form", "input", "button", "style", "link", "meta", "base", "frame", "frameset", "svg", "math");

    private final List<FieldProblem> problems = new ArrayList<>();

    public List<FieldProblem> problems() {
        return problems;
    }

    /** One-line text (titles, codes, ids): NFC, no control characters at all. */
    public String line(String field, String value) {
        return check(field, value, false);
    }

    /** Multi-line plain text (summaries, LED text, Facebook text): NFC, line breaks and tabs allowed. */
    public String text(String field, String value) {
        return check(field, value, true);
    }

    public List<String> lines(String field, List<String> values) {
        if (values == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            out.add(line(field + "[" + i + "]", values.get(i)));
        }
        return out;
    }

    /**
     * Rich text: checked and normalised like text, then sanitised. Script, event handlers, javascript: URLs and
     * other active content are refused with a field problem (the author should know their text was not taken as
     * is); harmless leftovers such as class or style attributes are dropped silently.
     */
    public String html(String field, String value) {
        String text = check(field, value, true);
        if (text == null) {
            return null;
        }
        List<String> refused = activeContent(text);
        String safe = POLICY.sanitize(text);
        if (!refused.isEmpty()) {
            problems.add(new FieldProblem(field, "active-content-not-allowed",
                    "Nội dung có mã thực thi (script, sự kiện, liên kết javascript:) không được phép: " + String.join(", ", refused),
                    "Script, event handlers and javascript: links are not allowed: " + String.join(", ", refused)));
            return null;
        }
        if (safe.isBlank()) {
            problems.add(new FieldProblem(field, "empty-after-sanitising", "Nội dung trống sau khi làm sạch HTML",
                    "Nothing is left after sanitising the HTML"));
            return null;
        }
        return safe;
    }

    /**
     * Finds active content the way a browser would read it (jsoup decodes entities such as
     * {@code jav&#x61;script:}): script-like elements, event-handler attributes, and javascript:, vbscript: or
     * data: URLs. The OWASP sanitiser removes all of it anyway; this is only to tell the author.
     */
    static List<String> activeContent(String html) {
        List<String> found = new ArrayList<>();
        for (Element e : Jsoup.parseBodyFragment(html).body().getAllElements()) {
            String tag = e.normalName();
            if (ACTIVE_ELEMENTS.contains(tag)) {
                found.add("<" + tag + ">");
            }
            for (Attribute a : e.attributes()) {
                String name = a.getKey().toLowerCase(Locale.ROOT);
                String value = a.getValue().replaceAll("[\\s\\p{Cntrl}]", "").toLowerCase(Locale.ROOT);
                if (name.startsWith("on")) {
                    found.add(tag + "@" + name);
                } else if (value.startsWith("javascript:") || value.startsWith("vbscript:") || value.startsWith("data:")) {
                    found.add(tag + "@" + name + "=" + value.substring(0, value.indexOf(':') + 1));
                }
            }
        }
        return found;
    }

    /** Whether the sanitiser's flat list of kept attributes (name, value, name, value...) has {@code name}. */
    private static boolean hasAttribute(List<String> attributes, String name) {
        for (int i = 0; i < attributes.size(); i += 2) {
            if (attributes.get(i).equals(name)) {
                return true;
            }
        }
        return false;
    }

    private String check(String field, String value, boolean multiLine) {
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return invalid(field, i, "unpaired surrogate");
            }
            if (Character.isLowSurrogate(c)) {
                return invalid(field, i, "unpaired surrogate");
            }
            boolean allowedWhitespace = multiLine && (c == '\n' || c == '\r' || c == '\t');
            if (!allowedWhitespace && (Character.isISOControl(c) || c == '\uFFFE' || c == '\uFFFF')) {
                return invalid(field, i, String.format("control character U+%04X", (int) c));
            }
        }
        return Normalizer.normalize(value, Normalizer.Form.NFC);
    }

    private String invalid(String field, int index, String what) {
        problems.add(new FieldProblem(field, "invalid-unicode",
                "Văn bản chứa ký tự không hợp lệ tại vị trí " + index + " (" + what + ")",
                "Invalid character at position " + index + " (" + what + ")"));
        return null;
    }
}
