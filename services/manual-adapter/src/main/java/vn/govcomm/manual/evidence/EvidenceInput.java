package vn.govcomm.manual.evidence;

import vn.govcomm.kit.files.MediaTypeSniffer;
import vn.govcomm.kit.web.ApiProblem.FieldProblem;

import java.net.URI;
import java.net.URISyntaxException;
import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The text fields of an evidence submission, checked one by one with a problem per field (Vietnamese and English):
 * {@code url} (http/https only, at most 2000 characters), {@code note} (NFC, at most 2000 characters, no control
 * characters but line breaks and tabs), {@code publishedOn} (an ISO date, not after today in Vietnam, not more than a
 * day before the window starts); and the file name a client sent, made safe to show and to download.
 */
final class EvidenceInput {

    private final List<FieldProblem> problems = new ArrayList<>();

    List<FieldProblem> problems() {
        return problems;
    }

    /** The URL, trimmed, or null when none was given. */
    String url(String raw, int maxLength) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String url = raw.strip();
        if (url.length() > maxLength) {
            problems.add(new FieldProblem("url", "too-long", "Đường dẫn dài quá " + maxLength + " ký tự",
                    "The URL is longer than " + maxLength + " characters"));
            return null;
        }
        if (url.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c)
                || Character.getType(c) == Character.FORMAT)) {
            problems.add(invalidUrl());
            return null;
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            problems.add(invalidUrl());
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            problems.add(new FieldProblem("url", "url-scheme-not-allowed",
                    "Chỉ nhận đường dẫn http:// hoặc https://", "Only http:// and https:// links are accepted"));
            return null;
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            problems.add(invalidUrl());
            return null;
        }
        return url;
    }

    private static FieldProblem invalidUrl() {
        return new FieldProblem("url", "invalid-url", "Đường dẫn không hợp lệ (ví dụ: https://syt.khanhhoa.gov.vn/tin-tuc/…)",
                "Not a valid link (e.g. https://syt.khanhhoa.gov.vn/tin-tuc/…)");
    }

    /** The note in NFC, or null when none was given. */
    String note(String raw, int maxLength) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String note = Normalizer.normalize(raw.strip(), Normalizer.Form.NFC);
        if (note.codePointCount(0, note.length()) > maxLength) {
            problems.add(new FieldProblem("note", "too-long", "Ghi chú dài quá " + maxLength + " ký tự",
                    "The note is longer than " + maxLength + " characters"));
            return null;
        }
        if (note.codePoints().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
            problems.add(new FieldProblem("note", "invalid-characters", "Ghi chú chứa ký tự điều khiển",
                    "The note contains control characters"));
            return null;
        }
        return note;
    }

    /** The publication date: required, not after {@code today}, not more than one day before the window starts. */
    LocalDate publishedOn(String raw, LocalDate today, Instant windowStart, ZoneId zone) {
        if (raw == null || raw.isBlank()) {
            problems.add(new FieldProblem("publishedOn", "required", "Cần nhập ngày đăng (YYYY-MM-DD)",
                    "The publication date is required (YYYY-MM-DD)"));
            return null;
        }
        LocalDate date;
        try {
            date = LocalDate.parse(raw.strip());
        } catch (DateTimeException e) {
            problems.add(new FieldProblem("publishedOn", "invalid-date", "Ngày đăng không hợp lệ (định dạng YYYY-MM-DD)",
                    "Not a valid date (format YYYY-MM-DD)"));
            return null;
        }
        if (date.isAfter(today)) {
            problems.add(new FieldProblem("publishedOn", "in-future", "Ngày đăng không được sau ngày hôm nay (" + today + ")",
                    "The publication date cannot be after today (" + today + ")"));
            return null;
        }
        LocalDate earliest = windowStart.atZone(zone).toLocalDate().minusDays(1);
        if (date.isBefore(earliest)) {
            problems.add(new FieldProblem("publishedOn", "before-window",
                    "Ngày đăng sớm hơn thời gian đăng của thông báo (sớm nhất " + earliest + ")",
                    "The publication date is before the notice's window (earliest " + earliest + ")"));
            return null;
        }
        return date;
    }

    void requireUrlOrFile(String url, boolean hasFile) {
        if (url == null && !hasFile && problems.stream().noneMatch(p -> p.field().equals("url"))) {
            problems.add(new FieldProblem("url", "url-or-file-required",
                    "Cần gửi đường dẫn bài đăng hoặc tệp minh chứng (ảnh, PDF)",
                    "Send the link of the publication or an evidence file (photo, PDF)"));
            problems.add(new FieldProblem("file", "url-or-file-required",
                    "Cần gửi đường dẫn bài đăng hoặc tệp minh chứng (ảnh, PDF)",
                    "Send the link of the publication or an evidence file (photo, PDF)"));
        }
    }

    private static final Set<String> PDF = Set.of("pdf");
    private static final Set<String> JPEG = Set.of("jpg", "jpeg");
    private static final Set<String> PNG = Set.of("png");
    private static final Set<String> WEBP = Set.of("webp");

    /**
     * A file name safe to store, show and send back in Content-Disposition: the last path segment, NFC, without
     * control, format (bidi overrides, zero-width) or reserved characters, no leading dots, at most 200 characters,
     * ending with the extension of the type the content was judged to be. Never trusted for the type.
     */
    static String fileName(String original, String mediaType) {
        String extension = MediaTypeSniffer.extension(mediaType);
        Set<String> accepted = switch (mediaType) {
            case MediaTypeSniffer.PDF -> PDF;
            case MediaTypeSniffer.JPEG -> JPEG;
            case MediaTypeSniffer.PNG -> PNG;
            default -> WEBP;
        };
        String name = original == null ? "" : original;
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = Normalizer.normalize(name, Normalizer.Form.NFC);
        StringBuilder clean = new StringBuilder();
        name.codePoints().forEach(c -> {
            int type = Character.getType(c);
            if (Character.isISOControl(c) || type == Character.FORMAT || type == Character.SURROGATE
                    || type == Character.PRIVATE_USE || type == Character.UNASSIGNED
                    || "\"<>:|?*;".indexOf(c) >= 0) {
                clean.append('_');
            } else if (Character.isWhitespace(c)) {
                clean.append(' ');
            } else {
                clean.appendCodePoint(c);
            }
        });
        name = clean.toString().replaceAll(" {2,}", " ").strip().replaceAll("^[.\\s]+", "").replaceAll("[.\\s]+$", "");
        if (name.codePointCount(0, name.length()) > 200) {
            name = name.substring(0, name.offsetByCodePoints(0, 200)).strip();
        }
        if (name.isEmpty() || name.replace("_", "").isBlank()) {
            return "minh-chung." + extension;
        }
        int dot = name.lastIndexOf('.');
        String given = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return accepted.contains(given) ? name : name + "." + extension;
    }
}
