package vn.govcomm.facebook.credentials;

/** A decrypted Page access token. Never printed: {@link #toString()} is redacted. */
public record PageToken(String value) {
    @Override
    public String toString() {
        return "PageToken[redacted]";
    }
}
