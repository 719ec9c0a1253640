package org.nodehandshake.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.time.Duration;

/** This JVM's open file descriptors, from /proc (Linux); -1 where /proc is not there. */
public final class FileDescriptors {

    private static final File FD_DIR = new File("/proc/self/fd");

    private FileDescriptors() {
    }

    public static int count() {
        String[] entries = FD_DIR.list();
        return entries == null ? -1 : entries.length;
    }

    /**
     * Asserts that the count comes back to at most {@code before + slack} within {@code within} (sockets
     * still closing are given that long), and prints both figures under {@code suite}. Nothing is
     * checked where the count is unknown.
     */
    public static void assertBackTo(String suite, int before, int slack, Duration within) throws InterruptedException {
        if (before < 0 || !FD_DIR.isDirectory()) {
            return;
        }
        long deadline = System.nanoTime() + within.toNanos();
        int after = count();
        while (after > before + slack && System.nanoTime() < deadline) {
            Thread.sleep(50);
            after = count();
        }
        System.out.println(suite + ": file descriptors " + before + " before, " + after + " after");
        assertTrue(after <= before + slack, "file descriptors: " + before + " before the suite, " + after + " after");
    }
}
