package vn.govcomm.notification.directory;

/**
 * What the notifications need of an agency: its name and its mailbox.
 *
 * @param contactEmail the agency's official mailbox for notifications (AgencyChanged.contactEmail)
 * @param emailAddress the address of its {@code email} endpoint, the fallback
 */
public record Agency(String agencyId, String name, String contactEmail, String emailAddress) {

    /** Where its notifications go: contactEmail, else its email endpoint; null when the directory has neither. */
    public String mailbox() {
        if (contactEmail != null && !contactEmail.isBlank()) {
            return contactEmail;
        }
        return emailAddress == null || emailAddress.isBlank() ? null : emailAddress;
    }

    /** Its name for a letter (the id while the directory has not told us). */
    public String displayName() {
        return name == null || name.isBlank() ? agencyId : name;
    }

    public static Agency unknown(String agencyId) {
        return new Agency(agencyId, null, null, null);
    }
}
