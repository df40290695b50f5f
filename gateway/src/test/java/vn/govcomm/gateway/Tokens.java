package vn.govcomm.gateway;

import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

/** Obtains an access token for a demo user from the gateway's local issuer, as any program would. */
final class Tokens {

    private Tokens() {
    }

    static String of(RestClient gateway, String user) {
        String body = gateway.post().uri("/oauth2/token").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body("grant_type=client_credentials&client_id=" + user + "&client_secret=demo")
                .retrieve().body(String.class);
        return JsonMapper.builder().build().readTree(body).path("access_token").asString();
    }
}
