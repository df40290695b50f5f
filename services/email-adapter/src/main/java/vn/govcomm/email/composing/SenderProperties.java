package vn.govcomm.email.composing;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.Map;

/**
 * Who the notices come from ({@code govcomm.email.*}).
 *
 * @param from            the official sender, e.g. {@code Sở Nội vụ tỉnh Khánh Hòa <noreply@sonoivu.khanhhoa.gov.vn>}
 * @param envelopeFrom    the SMTP envelope sender (Return-Path), where bounces go; default: the From address
 * @param verp            put the delivery into the envelope sender ({@code bounces+<token>@domain}), so that a bounce
 *                        is matched even when the returning server sends back none of the original headers
 * @param messageIdDomain right-hand side of the Message-IDs; default: the From address's domain
 * @param replyTo         issuing agency id → the mailbox a recipient's reply should go to (Reply-To); agencies not
 *                        listed get no Reply-To (the From is a no-reply address)
 */
@ConfigurationProperties("govcomm.email")
public record SenderProperties(String from, String envelopeFrom, boolean verp, String messageIdDomain,
                               Map<String, String> replyTo) {

    public SenderProperties {
        replyTo = replyTo == null ? Map.of() : Map.copyOf(replyTo);
    }
}
