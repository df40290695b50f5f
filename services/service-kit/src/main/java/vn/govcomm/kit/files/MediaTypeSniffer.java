package vn.govcomm.kit.files;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The type of a file from its first bytes (magic numbers), never from the name or the declared Content-Type,
 * which a client controls: PDF ({@code %PDF-}), JPEG ({@code FF D8 FF}), PNG (8-byte signature), WebP
 * ({@code RIFF....WEBP}). The one rule for every uploaded file (notice attachments, evidence of manual deliveries).
 */
public final class MediaTypeSniffer {

    public static final String PDF = "application/pdf";
    public static final String JPEG = "image/jpeg";
    public static final String PNG = "image/png";
    public static final String WEBP = "image/webp";

    private static final byte[] PDF_MAGIC = "%PDF-".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    private static final byte[] JPEG_MAGIC = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};

    private MediaTypeSniffer() {
    }

    public static Optional<String> sniff(byte[] head) {
        if (startsWith(head, 0, PDF_MAGIC)) {
            return Optional.of(PDF);
        }
        if (startsWith(head, 0, PNG_MAGIC)) {
            return Optional.of(PNG);
        }
        if (startsWith(head, 0, JPEG_MAGIC)) {
            return Optional.of(JPEG);
        }
        if (startsWith(head, 0, "RIFF".getBytes(StandardCharsets.US_ASCII))
                && startsWith(head, 8, "WEBP".getBytes(StandardCharsets.US_ASCII))) {
            return Optional.of(WEBP);
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] data, int offset, byte[] prefix) {
        return data.length >= offset + prefix.length
                && Arrays.equals(data, offset, offset + prefix.length, prefix, 0, prefix.length);
    }
}
