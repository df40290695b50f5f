package vn.govcomm.manual.evidence;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code govcomm.manual.evidence.*}.
 *
 * @param maxFileSize largest evidence file (default 10MB; never above 15MB, as a file is one MongoDB document);
 *                    Spring's multipart limit is set higher so that this check answers with a field-level problem
 */
@ConfigurationProperties("govcomm.manual.evidence")
record EvidenceProperties(@DefaultValue("10MB") DataSize maxFileSize,
                          @DefaultValue("2000") int maxUrlLength,
                          @DefaultValue("2000") int maxNoteLength) {

    /** Hard ceiling of a MongoDB document (16 MB) minus room for the metadata. */
    static final long DOCUMENT_CEILING = 15L * 1024 * 1024;

    long maxFileBytes() {
        return Math.min(maxFileSize.toBytes(), DOCUMENT_CEILING);
    }

    String maxFileLabel() {
        long max = maxFileBytes();
        return max >= 1024 * 1024 ? (max / (1024 * 1024)) + " MB" : (max / 1024) + " KB";
    }
}
