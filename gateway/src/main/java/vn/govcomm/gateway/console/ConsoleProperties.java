package vn.govcomm.gateway.console;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.Map;

/**
 * {@code govcomm.console.*}: the reporting service's endpoints the board uses: {@code exports} (kind → path, one
 * button each, in this order) and {@code compliancePath}. {@code directoryRefresh}: how long the console keeps the
 * agency directory it names agencies from.
 * {@code boardRefreshSeconds} is the live board's fallback poll; {@code streamPath} the Server-Sent Events stream
 * (through the gateway's route) whose events refresh it at once. {@code mailboxUrl}: the local platform's mailbox
 * viewer, linked from the navigation when set (blank: no link). {@code editorScript}: where the build put the notice
 * editor's bundle (served as {@code /console/static/editor.js}); the wizard adds the editor only when it is there.
 */
@ConfigurationProperties("govcomm.console")
record ConsoleProperties(@DefaultValue Map<String, String> exports,
                         @DefaultValue("/api/reports/campaigns/{id}/compliance") String compliancePath,
                         @DefaultValue("20") int boardRefreshSeconds,
                         @DefaultValue("/api/reports/campaigns/{id}/stream") String streamPath,
                         String mailboxUrl,
                         @DefaultValue("60s") Duration directoryRefresh,
                         @DefaultValue("classpath:/static/console/static/editor.js") String editorScript) {

    /** The mailbox link, only when set to an http(s) address. */
    String mailboxLink() {
        return mailboxUrl != null && (mailboxUrl.startsWith("http://") || mailboxUrl.startsWith("https://"))
                ? mailboxUrl : null;
    }
}
