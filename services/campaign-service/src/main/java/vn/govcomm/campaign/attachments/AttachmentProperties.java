package vn.govcomm.campaign.attachments;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * @param maxSize largest accepted file (default 10 MB); Spring's multipart limit is set higher so that this
 *        check answers with a field-level problem
 * @param publicBaseUrl where channels and portals download files (the gateway's public address)
 */
@ConfigurationProperties("govcomm.attachments")
public record AttachmentProperties(DataSize maxSize, String publicBaseUrl) {

    public AttachmentProperties {
        maxSize = maxSize == null ? DataSize.ofMegabytes(10) : maxSize;
        publicBaseUrl = publicBaseUrl == null ? "http://localhost:8080" : publicBaseUrl.replaceAll("/+$", "");
    }
}
