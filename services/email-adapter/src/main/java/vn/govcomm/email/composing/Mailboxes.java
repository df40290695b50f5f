package vn.govcomm.email.composing;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import java.util.Optional;

/**
 * Whether a directory entry's address is a mailbox the relay can be given: one plain {@code local@domain} (no
 * display name, no group, no list), ASCII (relays rarely offer SMTPUTF8), a domain with a dot, within the RFC 5321
 * lengths. An address failing this is never sent to: the delivery fails with {@code EMAIL_ADDRESS_INVALID}.
 */
public final class Mailboxes {

    private Mailboxes() {
    }

    /** Why {@code address} is not a usable mailbox (Vietnamese / English), or empty when it is. */
    public static Optional<String> problem(String address) {
        if (address == null || address.isBlank()) {
            return Optional.of("địa chỉ trống / empty address");
        }
        if (!address.equals(address.strip()) || address.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            return Optional.of("có khoảng trắng hoặc ký tự không phải ASCII / contains spaces or non-ASCII characters");
        }
        InternetAddress parsed;
        try {
            InternetAddress[] all = InternetAddress.parse(address, true);
            if (all.length != 1) {
                return Optional.of("phải là đúng một địa chỉ / must be exactly one address");
            }
            parsed = all[0];
            parsed.validate();
        } catch (AddressException e) {
            return Optional.of("sai cú pháp / malformed (" + e.getMessage() + ")");
        }
        if (parsed.isGroup() || parsed.getPersonal() != null || !address.equals(parsed.getAddress())) {
            return Optional.of("chỉ ghi địa chỉ, không kèm tên / the address alone, without a name");
        }
        int at = address.lastIndexOf('@');
        if (at < 1 || at != address.indexOf('@')) {
            return Optional.of("thiếu phần trước hoặc sau @ / missing local part or domain");
        }
        String local = address.substring(0, at);
        String domain = address.substring(at + 1);
        if (local.length() > 64 || address.length() > 254) {
            return Optional.of("quá dài / too long");
        }
        if (!domain.contains(".") || domain.startsWith(".") || domain.endsWith(".") || domain.contains("..")
                || domain.startsWith("[")) {
            return Optional.of("tên miền không hợp lệ / invalid domain");
        }
        return Optional.empty();
    }
}
