package vn.govcomm.gateway.console;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;
import vn.govcomm.gateway.security.IdentityFilter;

/**
 * What the console's controllers share: the request attribute holding the signed-in user, the way back to a
 * campaign's page, and the console's own messages (bundles {@code console-messages*.properties}) in the page's
 * language: the request's locale, Vietnamese unless {@code ?lang=en} chose English (kept in a cookie).
 */
@Component
class ConsolePages {

    /** The signed-in user's {@code Identity}, put there by the identity filter. */
    static final String IDENTITY = IdentityFilter.IDENTITY;

    private final MessageSource messages;

    ConsolePages(MessageSource messages) {
        this.messages = messages;
    }

    /** The message in the current request's language; a key missing from the bundles is a bug (exception). */
    String message(String key, Object... args) {
        return messages.getMessage(key, args, LocaleContextHolder.getLocale());
    }

    /** Whether the bundles have {@code key} (for words chosen by a service's code). */
    boolean has(String key) {
        return messages.getMessage(key, null, null, LocaleContextHolder.getLocale()) != null;
    }

    static String redirectToCampaign(String id) {
        return "redirect:/console/campaigns/" + id;
    }
}
