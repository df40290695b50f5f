package vn.govcomm.fakes.mail;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.server.AbstractServer;
import com.icegreen.greenmail.smtp.SmtpManager;
import com.icegreen.greenmail.smtp.SmtpState;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * GreenMail with a say in the SMTP conversation: GreenMail offers no public hook, but its {@link SmtpManager} is
 * asked about every sender and recipient ({@code checkSender}/{@code checkRecipient}, whose non-null answer is sent
 * to the client as the reply) and hands every accepted message over ({@code send}). This subclass puts its own
 * manager behind {@link Managers}, so a {@link Hooks} can refuse a recipient with a 550 at RCPT time, fail a
 * transaction with a 4xx, keep a bouncing recipient's copy out of its mailbox and see each message accepted.
 */
final class MailRelay extends GreenMail {

    /** What the fake decides; called on GreenMail's connection threads. */
    interface Hooks {

        /** The reply to {@code MAIL FROM}, or null to accept it. */
        String checkSender(String sender);

        /** The reply to {@code RCPT TO}, or null to accept it. */
        String checkRecipient(String recipient);

        /** Whether this accepted recipient's copy bounces later instead of reaching its mailbox. */
        boolean bounces(String recipient);

        /** A message was accepted (250 to DATA): {@code delivered} reached their mailboxes, {@code bounced} did not. */
        void accepted(String envelopeFrom, List<String> delivered, List<String> bounced, MovingMessage message);
    }

    private final Hooks hooks;

    MailRelay(ServerSetup[] setups, Hooks hooks) {
        super(setups);
        this.hooks = hooks;
    }

    @Override
    protected Map<String, AbstractServer> createServices(ServerSetup[] config, Managers managers) {
        // Called from GreenMail's constructor (before this.hooks is set) and again at start: the managers read the
        // hooks only when a client talks to them.
        Managers relaying = managers instanceof RelayManagers ? managers : new RelayManagers(managers, this);
        this.managers = relaying;
        return super.createServices(config, relaying);
    }

    Hooks hooks() {
        return hooks;
    }

    private static final class RelayManagers extends Managers {

        private final Managers original;
        private final RelaySmtpManager smtp;

        RelayManagers(Managers original, MailRelay relay) {
            this.original = original;
            this.smtp = new RelaySmtpManager(original.getImapHostManager(), original.getUserManager(), relay);
        }

        @Override
        public SmtpManager getSmtpManager() {
            return smtp;
        }

        @Override
        public UserManager getUserManager() {
            return original.getUserManager();
        }

        @Override
        public ImapHostManager getImapHostManager() {
            return original.getImapHostManager();
        }
    }

    private static final class RelaySmtpManager extends SmtpManager {

        private final MailRelay relay;

        RelaySmtpManager(ImapHostManager imap, UserManager users, MailRelay relay) {
            super(imap, users);
            this.relay = relay;
        }

        @Override
        public String checkSender(SmtpState state, MailAddress sender) {
            String answer = relay.hooks().checkSender(sender.getEmail());
            return answer != null ? answer : super.checkSender(state, sender);
        }

        @Override
        public String checkRecipient(SmtpState state, MailAddress recipient) {
            String answer = relay.hooks().checkRecipient(recipient.getEmail());
            return answer != null ? answer : super.checkRecipient(state, recipient);
        }

        @Override
        public synchronized void send(SmtpState state) {
            MovingMessage message = state.getMessage();
            List<String> delivered = new ArrayList<>();
            List<String> bounced = new ArrayList<>();
            for (MailAddress recipient : List.copyOf(message.getToAddresses())) {
                if (relay.hooks().bounces(recipient.getEmail())) {
                    message.removeRecipient(recipient);
                    bounced.add(recipient.getEmail());
                } else {
                    delivered.add(recipient.getEmail());
                }
            }
            super.send(state);
            relay.hooks().accepted(message.getReturnPath() == null ? null : message.getReturnPath().getEmail(),
                    delivered, bounced, message);
        }
    }
}
