package vn.govcomm.system;

import com.sun.net.httpserver.HttpServer;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * What one HTTP call costs the caller's JVM in CPU, per client: the JDK's {@code HttpClient} as the Zalo adapter called
 * it, Spring's {@code RestClient} over the JDK client (the Facebook adapter's way), both until session 31, over
 * {@code HttpURLConnection} and over Apache HttpClient 5 (the adapters' client since, service-kit's
 * {@code ChannelHttpClients}). Not a test: {@code main}, run as below. A local JDK {@code HttpServer} answers every
 * POST with a small JSON body (keep-alive, as the fakes and the real APIs); {@code threads} callers post a 1 KB JSON
 * body {@code calls} times each, per client, in rounds that alternate the clients. The CPU of the server's threads
 * ({@code bench-server-N}, {@code HTTP-Dispatcher}) is taken off with {@link ThreadCpu}, so the figure is the client's:
 * its callers and whatever threads it runs. Run it with the services' JIT ({@code -XX:TieredStopAtLevel=1}):
 * <pre>
 * ./mvnw -o -q -pl infra/system-tests test-compile dependency:build-classpath -Dmdep.outputFile=target/test-cp.txt -Dmdep.includeScope=test
 * java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "infra/system-tests/target/test-classes:infra/system-tests/target/classes:$(cat infra/system-tests/target/test-cp.txt)" vn.govcomm.system.HttpClientCost [threads] [calls] [rounds]
 * </pre>
 */
public final class HttpClientCost {

    private static final String ANSWER = "{\"error\":0,\"message\":\"Success\",\"data\":{\"id\":\"5c7a1d0e2f\",\"status\":\"show\"}}";

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        ExecutorService serverThreads = Executors.newFixedThreadPool(8, Thread.ofPlatform().name("bench-server-", 0).factory());
        server.setExecutor(serverThreads);
        byte[] answer = ANSWER.getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/v2.0/article/create";
        String body = "{\"type\":\"normal\",\"title\":\"" + "Thông báo khảo sát ".repeat(4) + "\",\"body\":[{\"type\":\"text\","
                + "\"content\":\"" + "Mức độ hài lòng của người dân 2023. ".repeat(24) + "\"}]}";

        Map<String, Supplier<String>> clients = new LinkedHashMap<>();
        HttpClient jdk = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
        clients.put("JDK HttpClient, send + ofString (Zalo)", () -> {
            try {
                return jdk.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        JdkClientHttpRequestFactory jdkFactory = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newCachedThreadPool()).build());
        jdkFactory.setReadTimeout(Duration.ofSeconds(10));
        clients.put("RestClient over the JDK client, with an executor (Facebook)", rest(jdkFactory, url, body));
        SimpleClientHttpRequestFactory simple = new SimpleClientHttpRequestFactory();
        simple.setConnectTimeout(Duration.ofSeconds(5));
        simple.setReadTimeout(Duration.ofSeconds(10));
        clients.put("RestClient over HttpURLConnection", rest(simple, url, body));
        CloseableHttpClient apache = HttpClients.custom().setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnPerRoute(64).setMaxConnTotal(64).build()).build();
        clients.put("RestClient over Apache HttpClient 5", rest(new HttpComponentsClientHttpRequestFactory(apache), url, body));
        clients.put("Apache HttpClient 5, classic API", () -> {
            HttpPost post = new HttpPost(url);
            post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
            try {
                return apache.execute(post, response -> EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });

        ClientCpu.measureAndPrint("POSTs", clients, threads, calls, rounds,
                group -> group.equals("bench-server-N") || group.equals("HTTP-Dispatcher"),
                (client, caller, sequence) -> client.get().contains("Success"));
        server.stop(0);
        serverThreads.shutdownNow();
        System.exit(0);
    }

    private static Supplier<String> rest(ClientHttpRequestFactory factory, String url, String body) {
        RestClient client = RestClient.builder().requestFactory(factory).build();
        return () -> client.post().uri(url).contentType(MediaType.APPLICATION_JSON).body(body).retrieve().body(String.class);
    }
}
