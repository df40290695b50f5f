package vn.govcomm.campaign.attachments;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import vn.govcomm.campaign.text.TextHygiene;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one home of the two addresses of an uploaded file:
 * <ul>
 *   <li>inside the platform, {@code /api/campaigns/attachments/att-<uuid>}: needs a caller token of someone who reads
 *       the uploading agency's campaigns. Notice bodies keep this relative address while they are edited and
 *       approved, so the console shows their pictures to the people working on them;</li>
 *   <li>outside, {@code <public base URL>/files/att-<uuid>}: served without a token, but only while an approved,
 *       not cancelled campaign refers to the file ({@link PublicFiles}). Channels and portals get this one, in the
 *       CampaignScheduled event: attachment URLs and the body's pictures are rewritten to it.</li>
 * </ul>
 */
@Component
@EnableConfigurationProperties(AttachmentProperties.class)
public class FileLinks {

    /** Where the file is downloaded inside the platform (relative, as stored in notice bodies). */
    public static final String INTERNAL_PATH = "/api/campaigns/attachments/";
    /** Where it is downloaded by anybody once published (under the public base URL). */
    public static final String PUBLIC_PATH = "/files/";
    /** A file id as {@link Attachments} makes them. */
    public static final Pattern FILE_ID = Pattern.compile(
            TextHygiene.IMAGE_SOURCE.pattern().substring(TextHygiene.IMAGE_SOURCE.pattern().lastIndexOf('/') + 1));
    /**
     * The attribute as the OWASP sanitiser writes it, the address as group 1: the body sanitiser
     * ({@link TextHygiene#IMAGE_SOURCE}) lets no other picture through.
     */
    private static final Pattern PICTURE_SOURCE = Pattern.compile("src=\"(" + TextHygiene.IMAGE_SOURCE.pattern() + ")\"");

    /** A whole picture element as the sanitiser writes it (it escapes '>' inside attribute values). */
    private static final Pattern PICTURE = Pattern.compile("<img " + PICTURE_SOURCE.pattern() + "[^>]*>");

    private final String publicBaseUrl;

    @Autowired
    public FileLinks(AttachmentProperties properties) {
        this(properties.publicBaseUrl());
    }

    public FileLinks(String publicBaseUrl) {
        this.publicBaseUrl = publicBaseUrl.replaceAll("/+$", "");
    }

    /** The public address of a file (valid once an approved campaign refers to it). */
    public String publicUrl(String fileId) {
        return publicBaseUrl + PUBLIC_PATH + fileId;
    }

    /** The address inside the platform, absolute (what an upload answers as {@code url}). */
    public String internalUrl(String fileId) {
        return publicBaseUrl + INTERNAL_PATH + fileId;
    }

    /** A sanitised notice body with its pictures pointing at their public addresses. */
    public String publicBody(String sanitisedHtml) {
        if (sanitisedHtml == null) {
            return null;
        }
        return PICTURE_SOURCE.matcher(sanitisedHtml)
                .replaceAll(m -> Matcher.quoteReplacement("src=\"" + publicUrl(idOf(m.group(1))) + "\""));
    }

    /** The ids of the pictures in a sanitised notice body, in order, each once. */
    public static Set<String> pictureIds(String sanitisedHtml) {
        Set<String> ids = new LinkedHashSet<>();
        if (sanitisedHtml != null) {
            Matcher m = PICTURE_SOURCE.matcher(sanitisedHtml);
            while (m.find()) {
                ids.add(idOf(m.group(1)));
            }
        }
        return ids;
    }

    /** The body without its pictures (for another agency's draft from a shared template: they are not its files). */
    public static String withoutPictures(String sanitisedHtml) {
        return sanitisedHtml == null ? null : PICTURE.matcher(sanitisedHtml).replaceAll("");
    }

    private static String idOf(String internalPath) {
        return internalPath.substring(internalPath.lastIndexOf('/') + 1);
    }

    /** Every file a notice shows or carries: its pictures and its attachments. */
    public static List<String> fileIds(String sanitisedHtml, List<String> attachmentIds) {
        Set<String> ids = pictureIds(sanitisedHtml);
        if (attachmentIds != null) {
            ids.addAll(attachmentIds);
        }
        return List.copyOf(ids);
    }
}
