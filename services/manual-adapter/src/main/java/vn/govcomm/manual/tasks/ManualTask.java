package vn.govcomm.manual.tasks;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * One delivery of the manual channel as a task of the target agency ({@code agencyId}): what to publish
 * ({@code notice}), where ({@code kind}, {@code endpointName}), by when ({@code deadline}), and the evidence history
 * of every attempt, each with the issuing agency's review. {@code version} grows with every change of state or
 * evidence: the compare-and-set of submissions and reviews.
 */
public record ManualTask(String deliveryId, String campaignId, String campaignCode, String agencyId,
                         String issuingAgencyId, String endpointId, String endpointName, String kind, Notice notice,
                         Window window, Instant deadline, String priority, TaskState state, int attempt, long version,
                         List<Evidence> evidence, Instant createdAt, Instant updatedAt, Instant stateChangedAt,
                         Instant windowEndedAt, String cancelReason, Instant cancelledAt) {

    public ManualTask {
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }

    public record Notice(String title, String text, String summary, List<Attachment> attachments) {
    }

    public record Attachment(String name, String mediaType, String url, Long sizeBytes) {
    }

    public record Window(Instant startsAt, Instant endsAt, String timeZone) {
    }

    /**
     * One submission: a URL and/or a file, the date it was published on, who sent it, and its review if any.
     * {@code submittedByName}: the sender's display name from the caller token, for people to read; null when the
     * token carried none and in evidence stored before names were kept (show {@code submittedBy}, the user id).
     */
    public record Evidence(String evidenceId, int attempt, String url, String note, LocalDate publishedOn,
                           FileInfo file, String submittedBy, String submittedByName, Instant submittedAt,
                           Review review) {
    }

    /** A stored evidence file (bytes in the evidence file store, by {@code fileId}). */
    public record FileInfo(String fileId, String name, String mediaType, long sizeBytes, String sha256) {
    }

    /** {@code by}: the reviewer's user id; {@code byName} their display name, null as {@code submittedByName} is. */
    public record Review(Decision decision, String reason, String by, String byName, Instant at) {
    }

    /** The last submission, the one a review applies to. */
    public Optional<Evidence> latestEvidence() {
        return evidence.isEmpty() ? Optional.empty() : Optional.of(evidence.getLast());
    }

    public Optional<Evidence> evidence(String evidenceId) {
        return evidence.stream().filter(e -> e.evidenceId().equals(evidenceId)).findFirst();
    }
}
