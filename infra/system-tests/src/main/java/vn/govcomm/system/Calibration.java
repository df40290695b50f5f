package vn.govcomm.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * How fast this machine's CPU was at one moment: the CPU time one thread spends on a fixed piece of work (hashing
 * strings into a map, sorting numbers, a SHA-256 digest), the median of five after {@link #WARM_UP} untimed runs, in
 * a fresh JVM with the services' JIT (C1 only, {@link ChildJvm}'s flags): so the figure does not depend on how far the
 * harness JVM's own JIT has got, and is the same kind of code as the services run (in the harness JVM, C2 took some
 * forty runs of the work to settle: 418 ms → 60 ms).
 * On a shared virtual machine the same build ran 2,000 × 4 in 23 s and in 34 s within the hour, every process
 * spending more CPU per delivery in the slow run; the guest sees no steal time. Two runs are comparable only when
 * this number is close.
 */
final class Calibration {

    /** The work's result: the same on every run (the work is not optimised away, and it is the same work). */
    record Result(double medianMillis, long checksum) {
    }

    /** Untimed runs first: C1 compiles the work within the first one or two. */
    static final int WARM_UP = 5;

    private Calibration() {
    }

    /** In a fresh JVM (C1 only, serial GC, as every child of the harness). */
    static Result measure() {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m"));
        command.addAll(ChildJvm.JVM_OPTIONS);
        command.addAll(List.of("-cp", ManagementFactory.getRuntimeMXBean().getClassPath(), Calibration.class.getName()));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String line = output.lines().filter(l -> l.startsWith("calibration ")).findFirst().orElse(null);
            if (process.waitFor() != 0 || line == null) {
                throw new IllegalStateException("The calibration JVM failed: " + output);
            }
            String[] fields = line.split(" ");
            return new Result(Double.parseDouble(fields[1]), Long.parseLong(fields[2]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Prints {@code calibration <median ms> <checksum>}: what {@link #measure()} reads. */
    public static void main(String[] args) {
        Result result = measureHere();
        System.out.println("calibration " + result.medianMillis() + " " + result.checksum());
    }

    /** In this JVM, on the calling thread. */
    static Result measureHere() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long checksum = work();
        for (int i = 1; i < WARM_UP; i++) {
            work();
        }
        double[] millis = new double[5];
        for (int i = 0; i < millis.length; i++) {
            long t0 = threads.getCurrentThreadCpuTime();
            long result = work();
            millis[i] = (threads.getCurrentThreadCpuTime() - t0) / 1e6;
            if (result != checksum) {
                throw new IllegalStateException("The calibration work gave two results: " + checksum + ", " + result);
            }
        }
        Arrays.sort(millis);
        return new Result(millis[2], checksum);
    }

    /** A fixed mix of what the platform does most: strings and maps, sorting, hashing bytes. */
    static long work() {
        SplittableRandom random = new SplittableRandom(18);
        Map<String, Integer> map = new HashMap<>();
        for (int i = 0; i < 200_000; i++) {
            map.merge("agency-" + random.nextInt(100_000), i, Integer::sum);
        }
        long[] numbers = new long[1_000_000];
        for (int i = 0; i < numbers.length; i++) {
            numbers[i] = random.nextLong();
        }
        Arrays.sort(numbers);
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] block = "Thông báo khảo sát mức độ hài lòng 2023 / ".repeat(1_000).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 200; i++) {
            sha.update(block);
        }
        byte[] digest = sha.digest();
        long sum = map.size() + map.values().stream().mapToLong(Integer::longValue).sum() + numbers[numbers.length / 2];
        for (byte b : digest) {
            sum = sum * 31 + b;
        }
        return sum;
    }
}
