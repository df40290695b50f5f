package vn.govcomm.architecture;

import java.util.ArrayList;
import java.util.List;

/**
 * The string literals of one Java source file, text blocks included, each with the line it starts on. Comments
 * and char literals are skipped, so a channel name in a Javadoc or {@code '"'} is not taken for a literal.
 */
final class JavaStringLiterals {

    record Literal(String value, int line) {
    }

    private final String source;
    private int at;
    private int line = 1;

    private JavaStringLiterals(String source) {
        this.source = source;
    }

    static List<Literal> in(String source) {
        return new JavaStringLiterals(source).read();
    }

    private List<Literal> read() {
        List<Literal> found = new ArrayList<>();
        while (at < source.length()) {
            if (source.startsWith("//", at)) {
                int end = source.indexOf('\n', at);
                at = end < 0 ? source.length() : end;
            } else if (source.startsWith("/*", at)) {
                int end = source.indexOf("*/", at + 2);
                skipTo(end < 0 ? source.length() : end + 2);
            } else if (source.startsWith("\"\"\"", at)) {
                int startLine = line;
                skipTo(at + 3);
                found.add(new Literal(quoted("\"\"\""), startLine));
            } else if (source.charAt(at) == '"') {
                int startLine = line;
                skipTo(at + 1);
                found.add(new Literal(quoted("\""), startLine));
            } else if (source.charAt(at) == '\'') {
                skipTo(at + 1);
                quoted("'");
            } else {
                skipTo(at + 1);
            }
        }
        return found;
    }

    /** Reads up to the closing delimiter (not part of an escape) and returns the text with \" and \\ unescaped. */
    private String quoted(String delimiter) {
        StringBuilder value = new StringBuilder();
        while (at < source.length() && !source.startsWith(delimiter, at)) {
            char c = source.charAt(at);
            if (c == '\\' && at + 1 < source.length()) {
                char escaped = source.charAt(at + 1);
                value.append(escaped == '"' || escaped == '\\' || escaped == '\'' ? String.valueOf(escaped) : "\\" + escaped);
                skipTo(at + 2);
            } else {
                value.append(c);
                skipTo(at + 1);
            }
        }
        skipTo(Math.min(source.length(), at + delimiter.length()));
        return value.toString();
    }

    private void skipTo(int position) {
        for (int i = at; i < position; i++) {
            if (source.charAt(i) == '\n') {
                line++;
            }
        }
        at = position;
    }
}
