package vn.govcomm.fakes.mail;

import java.time.Instant;

/**
 * A delivery-status notification the fake sent back because a recipient bounced.
 *
 * @param recipient          the address that bounced (local part starting with {@code bounce})
 * @param returnedTo         where the report went: the envelope sender ({@code MAIL FROM}), else the Return-Path or From
 * @param status             the RFC 3463 status code reported, e.g. {@code 5.1.1}
 * @param diagnostic         the {@code Diagnostic-Code} text (the remote server's answer)
 * @param originalMessageId  the bounced message's {@code Message-ID} (also in the report's returned headers)
 * @param dsnMessageId       the report's own {@code Message-ID}
 * @param sentAt             when the report was delivered (the fake's clock)
 */
public record SentBounce(String recipient, String returnedTo, String status, String diagnostic,
                         String originalMessageId, String dsnMessageId, Instant sentAt) {
}
