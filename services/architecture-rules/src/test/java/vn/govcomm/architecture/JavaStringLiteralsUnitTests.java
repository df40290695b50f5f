package vn.govcomm.architecture;

import org.junit.jupiter.api.Test;
import vn.govcomm.architecture.JavaStringLiterals.Literal;

import static org.assertj.core.api.Assertions.assertThat;

class JavaStringLiteralsUnitTests {

    @Test
    void readsStringsAndTextBlocksWithTheirLineAndSkipsCommentsAndChars() {
        String source = """
                // "in a line comment"
                /* "in a block
                   comment" */
                char q = '"'; char a = '\\'';
                String s = "one \\" two \\\\";
                String t = \"""
                    {"channel": "zalo"}
                    \""";
                String u = "after";
                """;

        assertThat(JavaStringLiterals.in(source)).containsExactly(
                new Literal("one \" two \\", 5),
                new Literal("\n    {\"channel\": \"zalo\"}\n    ", 6),
                new Literal("after", 9));
    }
}
