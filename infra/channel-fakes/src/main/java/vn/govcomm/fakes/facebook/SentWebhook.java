package vn.govcomm.fakes.facebook;

/** A webhook POST the fake made, with the callback's status (-1 = no answer). */
public record SentWebhook(String callbackUrl, String body, String signature256, int status) {
}
