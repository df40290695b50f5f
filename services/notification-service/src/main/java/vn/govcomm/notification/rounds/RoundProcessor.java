package vn.govcomm.notification.rounds;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import vn.govcomm.notification.campaigns.Plan;
import vn.govcomm.notification.campaigns.Plans;
import vn.govcomm.notification.campaigns.Schedule;
import vn.govcomm.notification.compliance.Compliance;
import vn.govcomm.notification.compliance.DeliveryRows;
import vn.govcomm.notification.notifications.Notification;
import vn.govcomm.notification.notifications.NotificationProperties;
import vn.govcomm.notification.notifications.Notifications;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a claimed round does: decide whether it is still to be sent, find the agencies that have not complied on
 * every required channel, and queue one notification per recipient (deterministic ids: doing it twice queues
 * nothing new). The notifications are sent by {@link vn.govcomm.notification.notifications.NotificationSender}.
 * <p>
 * A round is not sent, and is recorded with why, when: the campaign was cancelled ({@code CANCELLED}); the plan no
 * longer has it ({@code SKIPPED PLAN_CHANGED}); it is found more than {@code max-lateness} after its due time
 * ({@code SKIPPED LATE}); a later round of the campaign is also due ({@code SKIPPED SUPERSEDED}: a campaign approved
 * after some due times, or a service that was down over several rounds, sends only the latest one).
 */
@Component
class RoundProcessor {

    private static final Logger log = LoggerFactory.getLogger(RoundProcessor.class);
    private static final Pattern MAILBOX = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    private final Rounds rounds;
    private final Plans plans;
    private final DeliveryRows deliveries;
    private final Notifications notifications;
    private final Duration maxLateness;
    private final MeterRegistry meters;

    RoundProcessor(Rounds rounds, Plans plans, DeliveryRows deliveries, Notifications notifications,
                   NotificationProperties properties, MeterRegistry meters) {
        this.rounds = rounds;
        this.plans = plans;
        this.deliveries = deliveries;
        this.notifications = notifications;
        this.maxLateness = properties.scheduler().maxLateness();
        this.meters = meters;
    }

    void process(Rounds.Claimed round, Instant now) {
        Plan plan = plans.find(round.campaignId());
        if (plan == null || plan.cancelled()) {
            finish(round, "CANCELLED", "CAMPAIGN_CANCELLED", now);
            return;
        }
        Optional<Schedule.PlannedRound> planned = plan.rounds().stream().filter(r -> r.roundId().equals(round.roundId())).findFirst();
        if (planned.isEmpty()) {
            finish(round, "SKIPPED", "PLAN_CHANGED", now);
            return;
        }
        Instant dueAt = planned.get().dueAt();
        if (dueAt.plus(maxLateness).isBefore(now)) {
            log.warn("Round {} was due at {}, more than {} days ago: recorded as skipped, not sent", round.roundId(), dueAt,
                    maxLateness.toDays());
            finish(round, "SKIPPED", "LATE", now);
            return;
        }
        if (plan.rounds().stream().anyMatch(r -> r.dueAt().isAfter(dueAt) && !r.dueAt().isAfter(now))) {
            finish(round, "SKIPPED", "SUPERSEDED", now);
            return;
        }
        List<Compliance.Missing> missing = deliveries.nonCompliant(plan.campaignId(), plan.targets());
        List<Notification> drafts = drafts(plan, planned.get(), missing);
        List<String> ids = notifications.queue(drafts, now);
        if (plans.find(plan.campaignId()).cancelled()) {
            // Cancelled while we queued: the cancellation may not have seen these yet.
            notifications.cancelPending(plan.campaignId(), now);
            finish(round, "CANCELLED", "CAMPAIGN_CANCELLED", now);
            return;
        }
        if (rounds.finish(round, "DONE", null, missing.size(), ids, now)) {
            meters.counter("govcomm.notifications.rounds", "outcome", "done").increment();
        }
    }

    static List<Notification> drafts(Plan plan, Schedule.PlannedRound round, List<Compliance.Missing> missing) {
        List<Notification> drafts = new ArrayList<>();
        if (missing.isEmpty()) {
            return drafts; // everybody complied: nobody to remind, nothing to report
        }
        Notification.Kind kind = round.kind() == Schedule.RoundKind.ESCALATION ? Notification.Kind.ESCALATION
                : Notification.Kind.REMINDER;
        for (Compliance.Missing m : missing) {
            drafts.add(draft(plan, round, kind, Notification.Audience.AGENCY, m.agencyId()).missing(m.channels()));
        }
        List<Notification.Shortfall> shortfalls = missing.stream()
                .map(m -> new Notification.Shortfall(m.agencyId(), m.channels())).toList();
        if (kind == Notification.Kind.ESCALATION) {
            drafts.add(draft(plan, round, kind, Notification.Audience.ISSUER, plan.issuingAgencyId()).shortfalls(shortfalls));
        }
        for (String observer : plan.observers()) {
            if (isMailbox(observer)) {
                drafts.add(draft(plan, round, Notification.Kind.OBSERVER_COPY, Notification.Audience.OBSERVER,
                        plan.issuingAgencyId()).to(List.of(observer.strip())).shortfalls(shortfalls));
            }
        }
        return drafts;
    }

    private static Notification draft(Plan plan, Schedule.PlannedRound round, Notification.Kind kind,
                                      Notification.Audience audience, String recipientAgencyId) {
        return Notification.draft(kind, audience, plan.campaignId(), recipientAgencyId, round.dueAt())
                .campaign(plan.code(), plan.title(), plan.issuingAgencyId(), plan.deadline())
                .round(round.roundId(), round.offsetDays());
    }

    /** An observer line that is an e-mail address (the others are names: nobody to write to). */
    static boolean isMailbox(String observer) {
        String value = observer == null ? "" : observer.strip();
        if (!MAILBOX.matcher(value).matches()) {
            return false;
        }
        try {
            new InternetAddress(value, true).validate();
            return true;
        } catch (AddressException e) {
            return false;
        }
    }

    private void finish(Rounds.Claimed round, String state, String reason, Instant now) {
        if (rounds.finish(round, state, reason, 0, null, now)) {
            meters.counter("govcomm.notifications.rounds", "outcome", state.toLowerCase(Locale.ROOT)).increment();
        }
    }
}
