package vn.govcomm.identity;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The request with its body counted while it is read, whatever Content-Length said (a chunked body has none):
 * past the limit reading fails with {@link BodyTooLargeException} and the request is marked (attribute
 * {@link #EXCEEDED} = the limit), so whoever reads it (a handler, the gateway's copy to a service) breaks off and
 * the client gets 413. The one body counter of the platform: the gateway and every service (service-kit) use it.
 * <p>
 * A url-encoded form post's parameters are parsed here, from the counted stream, instead of by the container
 * (which would read the body past this counter, up to its own form size limit).
 */
public final class LimitedBodyRequest extends HttpServletRequestWrapper {

    /** Request attribute set to the limit (a Long) once the body went past it. */
    public static final String EXCEEDED = "govcomm.body-too-large";

    private final long limit;
    private volatile boolean exceeded;
    private ServletInputStream stream;
    private Map<String, String[]> parameters;

    public LimitedBodyRequest(HttpServletRequest request, long limit) {
        super(request);
        this.limit = limit;
    }

    public boolean exceeded() {
        return exceeded;
    }

    public long limit() {
        return limit;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        if (stream == null) {
            stream = new Counted(super.getInputStream());
        }
        return stream;
    }

    @Override
    public BufferedReader getReader() throws IOException {
        String encoding = getCharacterEncoding();
        Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
        return new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }

    // ---- form posts: parameters from the counted body ------------------------------------------------------

    private boolean formPost() {
        String type = getContentType();
        return "POST".equals(getMethod()) && type != null
                && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    private synchronized Map<String, String[]> parameters() {
        if (parameters != null) {
            return parameters;
        }
        if (!formPost()) {
            return null;
        }
        Map<String, List<String>> all = new LinkedHashMap<>();
        String encoding = getCharacterEncoding();
        Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
        parse(getQueryString(), charset, all);
        byte[] body;
        try {
            body = getInputStream().readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        parse(new String(body, charset), charset, all);
        // The body stays readable (the gateway's FormFilter rebuilds it from the parameters anyway).
        stream = new Replay(body);
        Map<String, String[]> out = new LinkedHashMap<>();
        all.forEach((k, v) -> out.put(k, v.toArray(String[]::new)));
        parameters = Collections.unmodifiableMap(out);
        return parameters;
    }

    private static void parse(String encoded, Charset charset, Map<String, List<String>> into) {
        if (encoded == null || encoded.isEmpty()) {
            return;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), charset);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), charset);
                into.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            } catch (IllegalArgumentException malformed) {
                // skipped, as the container skips a malformed pair
            }
        }
    }

    @Override
    public String getParameter(String name) {
        Map<String, String[]> p = parameters();
        if (p == null) {
            return super.getParameter(name);
        }
        String[] values = p.get(name);
        return values == null || values.length == 0 ? null : values[0];
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        Map<String, String[]> p = parameters();
        return p == null ? super.getParameterMap() : p;
    }

    @Override
    public Enumeration<String> getParameterNames() {
        Map<String, String[]> p = parameters();
        return p == null ? super.getParameterNames() : Collections.enumeration(p.keySet());
    }

    @Override
    public String[] getParameterValues(String name) {
        Map<String, String[]> p = parameters();
        return p == null ? super.getParameterValues(name) : p.get(name);
    }

    // ---- streams ---------------------------------------------------------------------------------------------

    private final class Counted extends ServletInputStream {
        private final ServletInputStream in;
        private long read;

        Counted(ServletInputStream in) {
            this.in = in;
        }

        private void count(long n) throws BodyTooLargeException {
            if (n > 0 && (read += n) > limit) {
                exceeded = true;
                setAttribute(EXCEEDED, limit);
                throw new BodyTooLargeException(limit);
            }
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            count(n);
            return n;
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }

    private static final class Replay extends ServletInputStream {
        private final ByteArrayInputStream in;

        Replay(byte[] body) {
            this.in = new ByteArrayInputStream(body);
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
            return in.available() == 0;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new UnsupportedOperationException("not an async request body");
        }
    }
}
