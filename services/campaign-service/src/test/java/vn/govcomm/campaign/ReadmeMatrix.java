package vn.govcomm.campaign;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An access matrix of the service's README ("Who may do what"), which the access tests read so the table people read
 * is the one tested: the table whose header line starts with {@code headerStart}, its columns exactly
 * {@code columns}, then every row that starts with an endpoint or row name in backticks, each split into its cells.
 */
final class ReadmeMatrix {

    private ReadmeMatrix() {
    }

    static List<List<String>> rows(String headerStart, List<String> columns) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("README.md"));
        int header = 0;
        while (!lines.get(header).startsWith(headerStart)) {
            header++;
        }
        assertThat(cells(lines.get(header))).as("README matrix columns").isEqualTo(columns);
        List<List<String>> rows = new ArrayList<>();
        for (int row = header + 2; row < lines.size() && lines.get(row).startsWith("| `"); row++) {
            List<String> cells = cells(lines.get(row));
            assertThat(cells).as(lines.get(row)).hasSize(columns.size());
            rows.add(cells);
        }
        return rows;
    }

    private static List<String> cells(String line) {
        String inner = line.strip().substring(1, line.strip().length() - 1);
        return Arrays.stream(inner.split("\\|")).map(String::strip).toList();
    }
}
