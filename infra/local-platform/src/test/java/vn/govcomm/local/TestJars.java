package vn.govcomm.local;

import java.io.IOException;
import java.io.InputStream;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/** Jars made by the tests that start JVMs: the JVM archives classes of jars only, not of class directories. */
final class TestJars {

    /** Copies the class files of {@code types} (from the test class path) into {@code out}. */
    static void addClasses(JarOutputStream out, Class<?>... types) throws IOException {
        for (Class<?> type : types) {
            String entry = type.getName().replace('.', '/') + ".class";
            out.putNextEntry(new JarEntry(entry));
            try (InputStream in = type.getClassLoader().getResourceAsStream(entry)) {
                in.transferTo(out);
            }
            out.closeEntry();
        }
    }

    private TestJars() {
    }
}
