package vn.govcomm.kit.delivery;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.springframework.kafka.listener.BatchListenerFailedException;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.contracts.events.DeliveryRequested;
import vn.govcomm.contracts.events.DeliveryRetracted;
import vn.govcomm.kit.events.IncomingEvent;
import vn.govcomm.kit.events.PoisonEventException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a record of {@code delivery.requests.<channel>} into calls on the channel adapter: validates the
 * envelope, records the request before anything is sent (so a crash mid-call leaves a trace), and tells
 * redeliveries apart from new attempts. A channel that cannot take the delivery now ({@link RetryLater}) makes it
 * wait durably in {@link DeliveryRetries}; the record is committed either way.
 * <p>
 * A batch listener ({@code containerFactory = BatchListeners.FACTORY}) hands over a whole poll
 * ({@link #dispatch(List, ChannelAdapter)}): the requests between two retractions are recorded with one bulk insert
 * and given to {@link ChannelAdapter#publishAll} together; a record that cannot be handled stops the batch at its
 * index ({@link BatchListenerFailedException}), so the Kafka error handler commits the records before it and deals
 * with that one alone by the kit's rules, and the rest come again (recorded already: redeliveries, finished by
 * {@link ChannelAdapter#redelivered}).
 */
public class DeliveryRequestDispatcher {

    private final AdapterDeliveries deliveries;
    private final DeliveryRetries retries;
    private final JsonMapper json;
    private final String channel;

    public DeliveryRequestDispatcher(AdapterDeliveries deliveries, DeliveryRetries retries, JsonMapper json,
                                     String channel) {
        this.deliveries = deliveries;
        this.retries = retries;
        this.json = json;
        this.channel = channel;
    }

    public void dispatch(ConsumerRecord<String, byte[]> record, ChannelAdapter adapter) {
        IncomingEvent event = IncomingEvent.from(record);
        switch (event.type()) {
            case EventTypes.DELIVERY_REQUESTED -> {
                DeliveryRequested request = event.data(json, DeliveryRequested.class);
                requireValid(request, event);
                adapter.check(request);
                try {
                    if (deliveries.accept(request, Document.parse(event.dataAsString()))) {
                        adapter.publish(request);
                    } else {
                        deliveries.find(request.deliveryId()).ifPresent(stored -> adapter.redelivered(request, stored));
                    }
                } catch (RetryLater later) {
                    // Not Kafka's business: the record is done, the delivery waits on its document (DeliveryRetries).
                    retries.schedule(request, later);
                }
            }
            case EventTypes.DELIVERY_RETRACTED -> adapter.retract(retraction(event));
            default -> throw new PoisonEventException("Unexpected event type " + event.type() + " on " + record.topic());
        }
    }

    /** A decoded record of a batch: a request (with the JSON it came as) or a retraction, and its index. */
    private record Decoded(int index, DeliveryRequested request, Document document, DeliveryRetracted retraction) {
    }

    /**
     * Handles a poll of {@code delivery.requests.<channel>} in record order; throws
     * {@link BatchListenerFailedException} naming the first record that could not be handled (the ones before it
     * are done). Retractions keep their place: the requests before one are handled before it.
     */
    public void dispatch(List<ConsumerRecord<String, byte[]>> records, ChannelAdapter adapter) {
        List<Decoded> decoded = new ArrayList<>(records.size());
        RuntimeException unreadable = null;
        for (int i = 0; i < records.size(); i++) {
            try {
                decoded.add(decode(i, records.get(i), adapter));
            } catch (RuntimeException e) {
                unreadable = e;
                break;
            }
        }
        int start = 0;
        while (start < decoded.size()) {
            Decoded first = decoded.get(start);
            if (first.retraction() != null) {
                try {
                    adapter.retract(first.retraction());
                } catch (RuntimeException e) {
                    throw stop(e, first.index());
                }
                start++;
                continue;
            }
            // a run of requests for distinct deliveries (a second record of one delivery starts the next run)
            Set<String> ids = new HashSet<>();
            int end = start;
            while (end < decoded.size() && decoded.get(end).request() != null
                    && ids.add(decoded.get(end).request().deliveryId())) {
                end++;
            }
            intake(decoded.subList(start, end), adapter);
            start = end;
        }
        if (unreadable != null) {
            throw stop(unreadable, decoded.size());
        }
    }

    private Decoded decode(int index, ConsumerRecord<String, byte[]> record, ChannelAdapter adapter) {
        IncomingEvent event = IncomingEvent.from(record);
        return switch (event.type()) {
            case EventTypes.DELIVERY_REQUESTED -> {
                DeliveryRequested request = event.data(json, DeliveryRequested.class);
                requireValid(request, event);
                adapter.check(request);
                yield new Decoded(index, request, Document.parse(event.dataAsString()), null);
            }
            case EventTypes.DELIVERY_RETRACTED -> new Decoded(index, null, null, retraction(event));
            default -> throw new PoisonEventException("Unexpected event type " + event.type() + " on " + record.topic());
        };
    }

    /**
     * One bulk insert for the run, then in record order: the accepted requests in groups to
     * {@link ChannelAdapter#publishAll}, each redelivery to {@link ChannelAdapter#redelivered} (so a failure can
     * always be pinned to a record whose predecessors are done).
     */
    private void intake(List<Decoded> run, ChannelAdapter adapter) {
        Set<String> redelivered;
        try {
            redelivered = deliveries.acceptAll(run.stream()
                    .map(d -> new AdapterDeliveries.Request(d.request(), d.document())).toList());
        } catch (RuntimeException e) {
            throw stop(e, run.getFirst().index());   // the store's trouble: waited for, then the run is redone
        }
        Map<String, AdapterDeliveries.Stored> stored = redelivered.isEmpty() ? Map.of() : storedOrStop(redelivered, run);
        Map<String, Integer> indexOf = new LinkedHashMap<>();
        List<DeliveryRequested> group = new ArrayList<>();
        for (Decoded d : run) {
            DeliveryRequested request = d.request();
            if (!redelivered.contains(request.deliveryId())) {
                group.add(request);
                indexOf.put(request.deliveryId(), d.index());
                continue;
            }
            publish(group, indexOf, adapter);
            AdapterDeliveries.Stored found = stored.get(request.deliveryId());
            try {
                if (found != null) {
                    adapter.redelivered(request, found);
                }
            } catch (RetryLater later) {
                retries.schedule(request, later);
            } catch (RuntimeException e) {
                throw stop(e, d.index());
            }
        }
        publish(group, indexOf, adapter);
    }

    private Map<String, AdapterDeliveries.Stored> storedOrStop(Set<String> ids, List<Decoded> run) {
        try {
            return deliveries.findAll(ids);
        } catch (RuntimeException e) {
            // nothing handed over yet; the accepted ones come again as redeliveries
            throw stop(e, run.getFirst().index());
        }
    }

    private void publish(List<DeliveryRequested> group, Map<String, Integer> indexOf, ChannelAdapter adapter) {
        if (group.isEmpty()) {
            return;
        }
        try {
            adapter.publishAll(List.copyOf(group), retries::schedule);
        } catch (RequestFailed failed) {
            Integer index = indexOf.get(failed.deliveryId());
            throw stop((RuntimeException) failed.getCause(), index != null ? index : indexOf.values().iterator().next());
        } catch (RuntimeException e) {
            throw stop(e, indexOf.values().iterator().next());   // none known done: from the group's first record
        }
        group.clear();
        indexOf.clear();
    }

    private static BatchListenerFailedException stop(RuntimeException cause, int index) {
        return new BatchListenerFailedException(cause.getMessage(), cause, index);
    }

    /**
     * What every adapter relies on: the ids, the content, and the numbers adapters key and count with (the record's
     * boxed {@code noticeVersion} and {@code attempt}, required by the schema, are never null past this point).
     */
    private void requireValid(DeliveryRequested request, IncomingEvent event) {
        if (request.deliveryId() == null || request.endpointId() == null || request.externalId() == null
                || request.content() == null || request.noticeVersion() == null
                || request.attempt() == null || request.attempt() < 1) {
            throw new PoisonEventException("DeliveryRequested " + event.id() + " lacks required fields");
        }
        if (!channel.equals(request.channel())) {
            throw new PoisonEventException("DeliveryRequested " + event.id() + " is for channel " + request.channel()
                    + ", not " + channel);
        }
    }

    /** Adapters find the delivery by its id and report the reason (never null past this point) as the reason code. */
    private DeliveryRetracted retraction(IncomingEvent event) {
        DeliveryRetracted retraction = event.data(json, DeliveryRetracted.class);
        if (retraction.deliveryId() == null || retraction.reason() == null) {
            throw new PoisonEventException("DeliveryRetracted " + event.id() + " lacks required fields");
        }
        return retraction;
    }
}
