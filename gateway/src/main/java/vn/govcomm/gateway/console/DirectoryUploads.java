package vn.govcomm.gateway.console;

import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Directory files an admin has checked (dry run) and may now import for real, so that the confirmation imports
 * exactly the file that was checked without choosing it again. Held in this gateway's memory: one file per admin
 * (a new check replaces it), at most {@link #MAX_FILES} in all (the oldest goes first), for {@link #KEPT}; a file
 * is found only with its random token and by the admin who checked it. Gone (expired, restart, another gateway
 * instance) → the page asks for the file again.
 */
@Component
class DirectoryUploads {

    static final Duration KEPT = Duration.ofMinutes(30);
    /** A file is at most 8 MB (the campaign service's limit): this bounds the memory held to a few tens of MB. */
    static final int MAX_FILES = 4;

    record Upload(String token, String userId, String fileName, String contentType, byte[] content, Instant at) {
    }

    private final Map<String, Upload> byToken = new LinkedHashMap<>();
    private final Clock clock;

    DirectoryUploads() {
        this(Clock.systemUTC());
    }

    DirectoryUploads(Clock clock) {
        this.clock = clock;
    }

    /** Keeps the file for {@code userId} (replacing the one it had) and returns its token. */
    synchronized String keep(String userId, String fileName, String contentType, byte[] content) {
        Instant now = clock.instant();
        byToken.values().removeIf(u -> u.userId().equals(userId) || expired(u, now));
        Iterator<Upload> oldest = byToken.values().iterator();
        while (byToken.size() >= MAX_FILES && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
        String token = UUID.randomUUID().toString();
        byToken.put(token, new Upload(token, userId, fileName, contentType, content, now));
        return token;
    }

    synchronized Optional<Upload> find(String token, String userId) {
        Upload upload = token == null ? null : byToken.get(token);
        if (upload == null || !upload.userId().equals(userId)) {
            return Optional.empty();
        }
        if (expired(upload, clock.instant())) {
            byToken.remove(token);
            return Optional.empty();
        }
        return Optional.of(upload);
    }

    synchronized void forget(String token) {
        byToken.remove(token);
    }

    private static boolean expired(Upload upload, Instant now) {
        return !upload.at().plus(KEPT).isAfter(now);
    }
}
