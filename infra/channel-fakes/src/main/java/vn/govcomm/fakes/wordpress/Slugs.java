package vn.govcomm.fakes.wordpress;

import java.text.Normalizer;
import java.util.Locale;

/** sanitize_title(): strip accents (Vietnamese included, đ → d), lower-case, hyphenate. */
final class Slugs {

    private Slugs() {
    }

    static String sanitize(String text) {
        String noD = text.replace('đ', 'd').replace('Đ', 'D');
        String ascii = Normalizer.normalize(noD, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        return ascii.toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9\\s_-]", "")
                .trim()
                .replaceAll("[\\s_-]+", "-")
                .replaceAll("^-|-$", "");
    }
}
