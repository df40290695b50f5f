package vn.govcomm.gateway.security;

import org.junit.jupiter.api.Test;
import vn.govcomm.identity.Caller;
import vn.govcomm.identity.CallerKeys;
import vn.govcomm.identity.CallerToken;
import vn.govcomm.identity.CallerTokenSigner;
import vn.govcomm.identity.CallerTokenVerifier;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The caller token the gateway mints carries the user's display name, cleaned, and no invented one. */
class CallerTokensUnitTests {

    static final com.nimbusds.jose.jwk.ECKey KEY = CallerKeys.generate();
    final CallerTokens tokens = new CallerTokens(new CallerTokenSigner(KEY, Clock.systemUTC()),
            Map.of("campaigns", "campaign-service"));
    final CallerTokenVerifier campaigns = new CallerTokenVerifier(
            CallerKeys.parsePublicKeys(CallerKeys.publicKeySet(KEY)), "campaign-service", List.of(), Clock.systemUTC());

    Caller minted(Identity who) throws Exception {
        return campaigns.verify(tokens.bearer("campaigns", who).substring("Bearer ".length()));
    }

    @Test
    void theDisplayNameFromTheProviderReachesTheService() throws Exception {
        Caller caller = minted(new Identity("approver.snv", "Nguyễn Văn Minh", List.of("approver"), "so-noi-vu"));
        assertThat(caller.userId()).isEqualTo("approver.snv");
        assertThat(caller.displayName()).isEqualTo("Nguyễn Văn Minh");
    }

    @Test
    void aUserTheProviderGaveNoNameGetsNoneNotTheIdAsAName() throws Exception {
        // TokenVerifier falls back to the id for the console's own greeting; that is not a name to record
        Caller caller = minted(new Identity("officer.snv", "officer.snv", List.of("officer"), "so-noi-vu"));
        assertThat(caller.displayName()).isNull();
        assertThat(caller.displayNameOrId()).isEqualTo("officer.snv");
        assertThat(minted(new Identity("officer.snv", null, List.of("officer"), "so-noi-vu")).displayName()).isNull();
    }

    @Test
    void aHostileOrOverlongNameFromTheProviderIsCleanedBeforeItIsSigned() throws Exception {
        Caller caller = minted(new Identity("x", "Lê\u0000 Văn\u202e\n Tám" + "m".repeat(500), List.of("officer"),
                "so-noi-vu"));
        assertThat(caller.displayName()).startsWith("Lê Văn Tám").hasSize(CallerToken.MAX_DISPLAY_NAME)
                .doesNotContain("\u0000", "\u202e", "\n");
    }
}
