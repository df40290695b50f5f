package vn.govcomm.email.bounces;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The mailbox the bounces come back to (the envelope sender's), read over IMAP ({@code govcomm.email.bounces.*}).
 * Off while {@code host} is empty: then no bounce is ever seen, and every relayed mail turns PUBLISHED after the grace.
 *
 * @param protocol     {@code imap} or {@code imaps} (TLS from the start)
 * @param starttls     upgrade a plain {@code imap} connection with STARTTLS (required when set)
 * @param folder       where the reports arrive
 * @param pollInterval how often the folder is read
 * @param timeout      connect and read timeout of the IMAP connection
 */
@ConfigurationProperties("govcomm.email.bounces")
public record BounceProperties(String host,
                               @DefaultValue("143") int port,
                               @DefaultValue("imap") String protocol,
                               @DefaultValue("false") boolean starttls,
                               String user,
                               String password,
                               @DefaultValue("INBOX") String folder,
                               @DefaultValue("60s") Duration pollInterval,
                               @DefaultValue("10s") Duration timeout) {

    public boolean enabled() {
        return host != null && !host.isBlank();
    }
}
