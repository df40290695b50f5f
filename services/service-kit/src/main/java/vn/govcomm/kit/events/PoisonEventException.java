package vn.govcomm.kit.events;

/**
 * A record that can never be processed (missing CloudEvents headers, unknown type, data that breaks the
 * contract). It is not retried: the error handler sends it straight to the {@code <topic>.DLT}.
 */
public class PoisonEventException extends RuntimeException {
    public PoisonEventException(String message) {
        super(message);
    }

    public PoisonEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
