package vn.govcomm.kit.files;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class MediaTypeSnifferUnitTests {

    @Test
    void recognisesPdfJpegPngAndWebpByTheirMagicBytes() {
        assertThat(MediaTypeSniffer.sniff("%PDF-1.4 ...".getBytes(StandardCharsets.US_ASCII))).contains("application/pdf");
        assertThat(MediaTypeSniffer.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0})).contains("image/jpeg");
        assertThat(MediaTypeSniffer.sniff(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A})).contains("image/png");
        assertThat(MediaTypeSniffer.sniff("RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.US_ASCII))).contains("image/webp");
    }

    @Test
    void refusesEverythingElseIncludingTruncatedSignatures() {
        assertThat(MediaTypeSniffer.sniff("<svg onload=alert(1)>".getBytes(StandardCharsets.US_ASCII))).isEmpty();
        assertThat(MediaTypeSniffer.sniff("RIFF\0\0\0\0WAVE".getBytes(StandardCharsets.US_ASCII))).isEmpty();
        assertThat(MediaTypeSniffer.sniff(new byte[] {(byte) 0x89, 'P', 'N'})).isEmpty();
        assertThat(MediaTypeSniffer.sniff(new byte[0])).isEmpty();
    }
}
