package vn.govcomm.system;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Apache HttpClient 5 is in this module for {@code HttpClientCost} only: on the tests' classpath (which their child
 * JVMs inherit) Spring would build every RestClient without a request factory on it, and Spring Boot every
 * auto-configured one, instead of the JDK client the services use.
 */
class TestClasspathTests {

    @Test
    void apacheHttpClientIsNotOnTheTestsClasspath() {
        assertThat(System.getProperty("java.class.path")).doesNotContain("httpclient5");
        assertThat(getClass().getClassLoader().getResource("org/apache/hc/client5/http/classic/HttpClient.class"))
                .isNull();
    }
}
