package vn.govcomm.fakes.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of every fake: a JDK {@link HttpServer} on 127.0.0.1 with one virtual thread per exchange, a request log and
 * a {@link FaultScript}. Subclasses register their routes in {@link #routes(Router)}, called by {@link #start(int)}.
 *
 * @param <S> the subclass, so that {@code start()} returns it
 */
public abstract class FakeHttpServer<S extends FakeHttpServer<S>> implements AutoCloseable {

    /**
     * Path prefix of the fakes' own inspection routes (e.g. {@code GET /_fake/posts}) for tests that can only use HTTP:
     * not part of the faked API, so no faults and no entry in the request log.
     */
    protected static final String INSPECTION_PREFIX = "/_fake/";

    private static final Logger log = LoggerFactory.getLogger(FakeHttpServer.class);

    private final String name;
    private final FaultScript faults = new FaultScript();
    private final List<RecordedRequest> requestLog = new ArrayList<>();
    private final Router router = new Router();
    private HttpServer server;
    private ExecutorService executor;

    protected FakeHttpServer(String name) {
        this.name = name;
    }

    /** Starts on a random free port. */
    public S start() {
        return start(0);
    }

    /** Starts on {@code port} (0 = a random free port), bound to 127.0.0.1. */
    public synchronized S start(int port) {
        if (server != null) {
            throw new IllegalStateException(name + " already started");
        }
        routes(router);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(name + " cannot listen on port " + port, e);
        }
        executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::exchange);
        server.start();
        log.info("{} listening on {}", name, baseUrl());
        return self();
    }

    /** e.g. {@code http://127.0.0.1:9101}, without a trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException(name + " not started");
        }
        return server.getAddress().getPort();
    }

    public FaultScript faults() {
        return faults;
    }

    /** Every request received so far, oldest first, including faulted ones. */
    public List<RecordedRequest> requestLog() {
        synchronized (requestLog) {
            return List.copyOf(requestLog);
        }
    }

    /** Requests with this method ({@code null} = any) whose path matches the regex. */
    public List<RecordedRequest> requests(String method, String pathRegex) {
        Pattern pattern = Pattern.compile(pathRegex);
        return requestLog().stream()
                .filter(r -> method == null || r.method().equalsIgnoreCase(method))
                .filter(r -> pattern.matcher(r.path()).matches())
                .toList();
    }

    public void clearRequestLog() {
        synchronized (requestLog) {
            requestLog.clear();
        }
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow(); // interrupts answers still waiting on a scripted delay
            server = null;
            log.info("{} stopped", name);
        }
    }

    protected abstract void routes(Router router);

    /** The clock used for the request log; fakes with a configurable clock override it. */
    protected Clock clock() {
        return Clock.systemUTC();
    }

    /** Answer for a path no route knows. */
    protected Response notFound(Request request) {
        return Response.json(404, Map.of("error", "not found", "path", request.path()));
    }

    /** Answer for a known path with the wrong method. */
    protected Response methodNotAllowed(Request request) {
        return notFound(request);
    }

    /** Hook to decorate every handled answer (e.g. Facebook's usage headers). */
    protected Response decorate(Request request, Response response) {
        return response;
    }

    @SuppressWarnings("unchecked")
    private S self() {
        return (S) this;
    }

    private void exchange(HttpExchange exchange) {
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getRawQuery(), copyHeaders(exchange), body);
            if (request.path().startsWith(INSPECTION_PREFIX)) {
                send(exchange, dispatch(request));
                return;
            }
            Optional<Fault> fault = faults.next(request.method(), request.path());
            record(request, body, fault.map(Fault::describe).orElse(null));
            if (fault.isPresent()) {
                switch (fault.get()) {
                    case Fault.Drop d -> {
                        exchange.close(); // no response headers were sent, so the connection is simply closed
                        return;
                    }
                    case Fault.Respond r -> {
                        send(exchange, r.response().get());
                        return;
                    }
                    default -> {
                        // handled below, after the request took effect
                    }
                }
            }
            Response response = dispatch(request);
            if (fault.isPresent() && fault.get() instanceof Fault.DropAfterProcessing) {
                exchange.close();
                return;
            }
            if (fault.isPresent() && fault.get() instanceof Fault.Delay delay) {
                Thread.sleep(delay.delay());
            }
            send(exchange, response);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
        } catch (IOException | RuntimeException e) {
            log.debug("{}: exchange failed: {}", name, e.toString());
            exchange.close();
        }
    }

    private Response dispatch(Request request) {
        Response response;
        try {
            Optional<Router.Match> match = router.match(request.method(), request.path());
            if (match.isPresent()) {
                request.pathVars(match.get().vars());
                response = match.get().handler().handle(request);
            } else if (router.matchesOtherMethod(request.path())) {
                response = methodNotAllowed(request);
            } else {
                response = notFound(request);
            }
        } catch (ResponseException e) {
            response = e.response();
        } catch (RuntimeException e) {
            log.warn("{}: handler failed for {} {}", name, request.method(), request.path(), e);
            response = Response.json(500, Map.of("error", "fake server error: " + e));
        }
        return decorate(request, response);
    }

    private void record(Request request, byte[] body, String fault) {
        RecordedRequest recorded = new RecordedRequest(clock().instant(), request.method(), request.path(),
                request.rawQuery(), request.headers(), body, fault);
        synchronized (requestLog) {
            requestLog.add(recorded);
        }
        log.debug("{} <- {}", name, recorded);
    }

    private static Map<String, List<String>> copyHeaders(HttpExchange exchange) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
        return Map.copyOf(headers);
    }

    private static void send(HttpExchange exchange, Response response) throws IOException {
        response.headers().forEach(exchange.getResponseHeaders()::set);
        byte[] body = response.body();
        boolean noBody = body.length == 0 || response.status() == 204 || response.status() == 304
                || "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(response.status(), noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }
}
