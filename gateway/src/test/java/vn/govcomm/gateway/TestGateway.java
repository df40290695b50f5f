package vn.govcomm.gateway;

import org.springframework.test.context.DynamicPropertyRegistry;
import vn.govcomm.identity.Caller;
import vn.govcomm.identity.CallerKeys;
import vn.govcomm.identity.CallerTokenVerifier;
import vn.govcomm.identity.testing.TestCallers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What every gateway test context needs (the audit store, the local demo issuer switched on, the caller-token
 * signing key of {@link TestCallers}), the services' side of the caller token, and a raw HTTP/1.1 client for
 * request targets no HTTP library would send as they are ({@code /api;x=1/...}, {@code /a\b}, {@code //api}).
 */
public final class TestGateway {

    private TestGateway() {
    }

    /** A gateway with the local issuer and the test signing key. */
    public static void localIssuer(DynamicPropertyRegistry registry) {
        registry.add("MONGODB_URI", TestStore::uri);
        registry.add("GOVCOMM_LOCAL_ISSUER", () -> "true");
        registry.add("CALLER_TOKEN_SIGNING_KEY", TestCallers::signingKey);
    }

    /** The caller a service named {@code audience} would see in this {@code Authorization} header value. */
    public static Caller callerFor(String audience, String authorization) throws CallerTokenVerifier.InvalidCallerTokenException {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            throw new CallerTokenVerifier.InvalidCallerTokenException("no bearer token: " + authorization);
        }
        return new CallerTokenVerifier(CallerKeys.parsePublicKeys(TestCallers.publicKeys()), audience, List.of(),
                Clock.systemUTC()).verify(authorization.substring(7));
    }

    /** A response read off the wire. */
    public record RawResponse(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Sends {@code method target} exactly as written, from 127.0.0.1. */
    public static RawResponse raw(int port, String method, String target, Map<String, String> headers) {
        return raw(null, port, method, target, headers, null);
    }

    /**
     * Sends {@code method target} exactly as written, from {@code fromAddress} (another loopback address such as
     * 127.0.0.2 makes the gateway see another socket peer), with an optional body (sent with Content-Length).
     */
    public static RawResponse raw(String fromAddress, int port, String method, String target, Map<String, String> headers,
                                  String body) {
        try (Socket socket = new Socket()) {
            if (fromAddress != null) {
                socket.bind(new InetSocketAddress(fromAddress, 0));
            }
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(15000);
            StringBuilder request = new StringBuilder(method + " " + target + " HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(port).append("\r\nConnection: close\r\n");
            headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
            byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            if (body != null) {
                request.append("Content-Length: ").append(bytes.length).append("\r\n");
            }
            request.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(bytes);
            out.flush();
            return parse(socket.getInputStream().readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RawResponse parse(byte[] bytes) {
        String all = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = all.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IllegalStateException("No HTTP response: " + all);
        }
        String[] lines = all.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim(),
                    (a, b) -> a + ", " + b);
        }
        byte[] rest = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            rest = unchunk(rest);
        }
        return new RawResponse(status, headers, new String(rest, StandardCharsets.UTF_8));
    }

    private static byte[] unchunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        while (pos < chunked.length) {
            int lineEnd = indexOf(chunked, pos);
            if (lineEnd < 0) {
                break;
            }
            String sizeLine = new String(chunked, pos, lineEnd - pos, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int size = Integer.parseInt(sizeLine, 16);
            if (size == 0) {
                break;
            }
            out.write(chunked, lineEnd + 2, size);
            pos = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length - 1; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
