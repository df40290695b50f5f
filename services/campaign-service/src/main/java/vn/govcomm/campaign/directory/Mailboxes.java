package vn.govcomm.campaign.directory;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import vn.govcomm.kit.web.ApiProblem.FieldProblem;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Official mailbox addresses (an agency's {@code contactEmail}, an {@code email} endpoint). The syntax is Jakarta
 * Mail's strict RFC 822 parser ({@link InternetAddress}, the library the mail is sent with), and the address must
 * be nothing but {@code local@domain}: no display name, comment, group or list. On top of it, what the parser lets
 * through but a relay would not deliver to: the domain must be an Internet host name (dotted LDH labels, a
 * top-level label with a letter; no IP literal, no leading or trailing hyphen), ASCII only (SMTPUTF8 is not
 * assumed; IDN domains in their xn-- form), local part at most 64 characters, the whole at most 254 (RFC 5321).
 */
final class Mailboxes {

    static final int MAX_LENGTH = 254;
    private static final Pattern LABEL = Pattern.compile("^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$");

    private Mailboxes() {
    }

    /** The problem with {@code address} (already stripped) on {@code field}, if any. */
    static Optional<FieldProblem> problem(String field, String address) {
        if (address.length() > MAX_LENGTH) {
            return Optional.of(new FieldProblem(field, "too-long", "Tối đa " + MAX_LENGTH + " ký tự",
                    "At most " + MAX_LENGTH + " characters"));
        }
        return isMailbox(address) ? Optional.empty() : Optional.of(new FieldProblem(field, "invalid-email",
                "Địa chỉ thư điện tử không hợp lệ: " + address + " (dạng ten@coquan.gov.vn)",
                "Not a valid e-mail address: " + address + " (like name@agency.gov.vn)"));
    }

    static boolean isMailbox(String address) {
        if (!address.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            return false;
        }
        InternetAddress parsed;
        try {
            parsed = new InternetAddress(address, true);
            parsed.validate();
        } catch (AddressException e) {
            return false;
        }
        if (parsed.isGroup() || parsed.getPersonal() != null || !address.equals(parsed.getAddress())) {
            return false;
        }
        int at = address.lastIndexOf('@');
        if (at < 1 || at > 64) {
            return false;
        }
        String[] labels = address.substring(at + 1).split("\\.", -1);
        if (labels.length < 2) {
            return false;
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        // a@1.2.3.4 is an IP address written without brackets, not a host name
        return labels[labels.length - 1].chars().anyMatch(Character::isLetter);
    }
}
