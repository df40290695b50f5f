package vn.govcomm.campaign.web;

import org.springframework.http.HttpStatus;
import vn.govcomm.kit.web.ApiProblem;
import vn.govcomm.kit.web.ApiProblem.FieldProblem;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** An uploaded file read into memory, never more than its limit: the one rule for attachments and directory files. */
public final class Uploads {

    private Uploads() {
    }

    /**
     * The file's bytes; 413 {@code file-too-large} when the declared size or what actually arrives exceeds
     * {@code maxBytes} (the stream is read at most one byte past it), 400 {@code empty-file} when nothing arrives.
     */
    public static byte[] read(long declaredSize, InputStream content, long maxBytes) throws IOException {
        if (declaredSize > maxBytes) {
            throw tooLarge(maxBytes);
        }
        byte[] data = content.readNBytes((int) maxBytes + 1);
        if (data.length > maxBytes) {
            throw tooLarge(maxBytes);
        }
        if (data.length == 0) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "empty-file", "Tệp rỗng. / The file is empty.",
                    List.of(new FieldProblem("file", "empty-file", "Tệp rỗng", "The file is empty")));
        }
        return data;
    }

    private static ApiProblem tooLarge(long max) {
        String limit = max >= 1024 * 1024 ? (max / (1024 * 1024)) + " MB" : (max / 1024) + " KB";
        return new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, "file-too-large",
                "Tệp vượt quá " + limit + ". / The file is larger than " + limit + ".",
                List.of(new FieldProblem("file", "file-too-large", "Tệp vượt quá dung lượng cho phép (" + limit + ")",
                        "The file exceeds the size limit (" + limit + ")")));
    }
}
