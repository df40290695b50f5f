package vn.govcomm.kit;

import org.junit.jupiter.api.Test;
import vn.govcomm.kit.secrets.CredentialCipher;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialCipherTests {

    static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    final CredentialCipher cipher = new CredentialCipher(KEY, "k1");

    @Test
    void roundTripsAndNeverStoresThePlaintext() {
        String stored = cipher.encrypt("EAAG-page-token-Khánh-Hòa", "page:104857291038475");
        assertThat(stored).startsWith("v1:k1:").doesNotContain("EAAG");
        assertThat(cipher.decrypt(stored, "page:104857291038475")).isEqualTo("EAAG-page-token-Khánh-Hòa");
        assertThat(cipher.encrypt("same", "r")).isNotEqualTo(cipher.encrypt("same", "r")); // fresh IV each time
    }

    @Test
    void refusesCiphertextMovedToAnotherRecordOrTampered() {
        String stored = cipher.encrypt("secret", "page:1");
        assertThatThrownBy(() -> cipher.decrypt(stored, "page:2")).isInstanceOf(IllegalStateException.class);
        String tampered = stored.substring(0, stored.length() - 4) + (stored.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertThatThrownBy(() -> cipher.decrypt(tampered, "page:1")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rejectsKeysOfTheWrongSize() {
        assertThatThrownBy(() -> new CredentialCipher(Base64.getEncoder().encodeToString(new byte[16]), "k"))
                .hasMessageContaining("32 bytes");
    }
}
