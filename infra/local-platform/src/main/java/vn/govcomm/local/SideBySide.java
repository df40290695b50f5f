package vn.govcomm.local;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The demo data's independent API calls side by side on a bounded pool (the caller's {@link Executor}): every call
 * is awaited, then the first failure (in the calls' order) is thrown as it was, so a failed step fails the start as
 * it did when the calls ran one after the other, and nothing is left running behind it.
 */
final class SideBySide {

    private SideBySide() {
    }

    /** Runs {@code calls} on {@code pool} and answers their results in the calls' order. */
    static <T> List<T> all(Executor pool, List<Callable<T>> calls) {
        List<CompletableFuture<T>> running = new ArrayList<>(calls.size());
        for (Callable<T> call : calls) {
            running.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return call.call();
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }, pool));
        }
        return await(running);
    }

    /** Waits for every one of {@code running}, then answers their results or throws the first failure. */
    static <T> List<T> await(List<CompletableFuture<T>> running) {
        RuntimeException failure = null;
        List<T> results = new ArrayList<>(running.size());
        for (CompletableFuture<T> future : running) {
            try {
                results.add(future.join());
            } catch (CompletionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException r ? r : e;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return results;
    }
}
