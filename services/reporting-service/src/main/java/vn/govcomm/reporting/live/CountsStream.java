package vn.govcomm.reporting.live;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import vn.govcomm.identity.Caller;
import vn.govcomm.reporting.reports.CampaignReports;
import vn.govcomm.reporting.reports.ReportAccess;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * GET /api/reports/campaigns/{id}/stream: Server-Sent Events for the console. Sends event {@code counts} with the
 * campaign's counters at once and again whenever they change. Changes are noticed by polling the counters
 * document's {@code rev} (one small read per watched campaign per interval), not by in-process callbacks, so a
 * client connected to any replica sees changes projected by any other.
 *
 * <p>Only for whoever {@link Caller#reads} the campaign's issuing agency ({@link ReportAccess}); anybody else gets
 * the unknown campaign's 404 problem before any stream starts (no emitter is made, nothing is watched).
 */
@RestController
class CountsStream implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(CountsStream.class);

    private final CampaignReports reports;
    private final ReportAccess access;
    private final Duration timeout;
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "reporting-sse-poller");
        t.setDaemon(true);
        return t;
    });

    CountsStream(CampaignReports reports, ReportAccess access,
                 @Value("${govcomm.reporting.stream.poll-interval:PT0.5S}") Duration pollInterval,
                 @Value("${govcomm.reporting.stream.timeout:PT30M}") Duration timeout) {
        this.reports = reports;
        this.access = access;
        this.timeout = timeout;
        poller.scheduleWithFixedDelay(this::poll, pollInterval.toMillis(), pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @GetMapping(value = "/api/reports/campaigns/{campaignId}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(Caller caller, @PathVariable String campaignId) throws IOException {
        access.requireRead(caller, campaignId); // 404 problem for an unknown campaign or another agency's
        CampaignReports.Counts counts = reports.counts(campaignId);
        SseEmitter emitter = new SseEmitter(timeout.toMillis());
        Watch watch = watches.computeIfAbsent(campaignId, id -> new Watch(counts.rev()));
        watch.emitters.add(emitter);
        Runnable remove = () -> {
            watch.emitters.remove(emitter);
            watches.computeIfPresent(campaignId, (id, w) -> w.emitters.isEmpty() ? null : w);
        };
        emitter.onCompletion(remove);
        emitter.onTimeout(remove);
        emitter.onError(e -> remove.run());
        emitter.send(event(counts));
        return emitter;
    }

    private void poll() {
        watches.forEach((campaignId, watch) -> {
            try {
                CampaignReports.Counts counts = reports.counts(campaignId);
                if (counts.rev() == watch.lastRev) {
                    return;
                }
                watch.lastRev = counts.rev();
                for (SseEmitter emitter : watch.emitters) {
                    try {
                        emitter.send(event(counts));
                    } catch (IOException | IllegalStateException gone) {
                        watch.emitters.remove(emitter);
                    }
                }
            } catch (RuntimeException e) {
                log.warn("Could not push counts of campaign {}: {}", campaignId, e.toString());
            }
        });
    }

    private static SseEmitter.SseEventBuilder event(CampaignReports.Counts counts) {
        return SseEmitter.event().name("counts").id(String.valueOf(counts.rev())).data(counts, MediaType.APPLICATION_JSON);
    }

    /**
     * Ends every stream when shutdown begins (ContextClosedEvent comes before the web server's graceful shutdown,
     * which would otherwise wait for these never-ending requests); clients reconnect to another replica.
     */
    @EventListener(ContextClosedEvent.class)
    void closeStreams() {
        poller.shutdownNow();
        watches.values().forEach(w -> w.emitters.forEach(SseEmitter::complete));
        watches.clear();
    }

    @Override
    public void destroy() {
        closeStreams();
    }

    private static final class Watch {
        final Set<SseEmitter> emitters = new CopyOnWriteArraySet<>();
        volatile long lastRev;

        Watch(long rev) {
            this.lastRev = rev;
        }
    }
}
