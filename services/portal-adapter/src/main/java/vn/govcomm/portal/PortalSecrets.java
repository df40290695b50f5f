package vn.govcomm.portal;

import org.springframework.http.HttpStatus;
import vn.govcomm.kit.secrets.CredentialCipher;
import vn.govcomm.kit.web.ApiProblem;

/** The credential cipher if a key is configured; features that store secrets ask for it through {@link #cipher()}. */
public final class PortalSecrets {

    private final CredentialCipher cipher;

    public PortalSecrets(CredentialCipher cipher) {
        this.cipher = cipher;
    }

    public boolean available() {
        return cipher != null;
    }

    public CredentialCipher cipher() {
        if (cipher == null) {
            throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "credentials-key-missing",
                    "Chưa cấu hình khóa mã hóa thông tin xác thực (CREDENTIALS_ENCRYPTION_KEY). / "
                            + "No credentials encryption key is configured (CREDENTIALS_ENCRYPTION_KEY).");
        }
        return cipher;
    }
}
