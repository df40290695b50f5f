package vn.govcomm.fakes.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDirectoryTests {

    record Entry(long seq, String text, Instant at) {
    }

    @TempDir
    Path dir;

    @Test
    void replacesAFileWholeAndLeavesNoTemporaryFileBehind() throws Exception {
        StateDirectory state = new StateDirectory(dir);

        state.writeJson("items/a.json", new Entry(1, "cũ", Instant.parse("2026-03-02T02:00:00Z")));
        state.writeJson("items/a.json", new Entry(1, "mới", Instant.parse("2026-03-02T02:00:01Z")));

        assertThat(state.readJson("items/a.json", Entry.class))
                .contains(new Entry(1, "mới", Instant.parse("2026-03-02T02:00:01Z")));
        try (Stream<Path> files = Files.list(dir.resolve("items"))) {
            assertThat(files).extracting(f -> f.getFileName().toString()).containsExactly("a.json");
        }
    }

    @Test
    void readsACollectionInTheOrderOfItsNumberedNamesIgnoringWhatAKilledWriteLeft() throws Exception {
        StateDirectory state = new StateDirectory(dir);
        for (long seq : new long[] {10, 2, 1}) {
            state.writeJson("items/" + StateDirectory.numbered(seq, "json"), new Entry(seq, "x", Instant.EPOCH));
        }
        Path leftover = Files.writeString(dir.resolve("items").resolve(".000000000003.json123.tmp"), "{\"seq\":");

        StateDirectory reopened = new StateDirectory(dir);

        assertThat(reopened.readAllJson("items", Entry.class)).extracting(Entry::seq).containsExactly(1L, 2L, 10L);
        assertThat(leftover).doesNotExist();
        assertThat(reopened.readAllJson("missing", Entry.class)).isEmpty();
        assertThatThrownBy(() -> reopened.write("../outside.json", new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
