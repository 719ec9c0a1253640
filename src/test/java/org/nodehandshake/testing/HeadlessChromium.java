package org.nodehandshake.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code chromium}, headless, on a local file: its serialized DOM ({@code --dump-dom}) or a screenshot.
 * Each call is one browser with a fresh profile directory; the browser and every process it started are killed
 * and the profile deleted when the call ends, whatever happened. It is kept off the network: every host name
 * resolves to nothing and every request goes to a proxy on 127.0.0.1:9, where nothing listens (the page needs
 * nothing but itself).
 */
public final class HeadlessChromium {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private HeadlessChromium() {
    }

    /** The DOM of {@code page} as the browser built it, serialized. */
    public static String dumpDom(Path page) throws IOException, InterruptedException {
        return run(page, List.of("--dump-dom"));
    }

    /** A PNG screenshot of {@code page} in a window of {@code width} x {@code height} CSS pixels at scale 1. */
    public static void screenshot(Path page, Path png, int width, int height) throws IOException, InterruptedException {
        Files.deleteIfExists(png);
        run(page, List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
                "--force-device-scale-factor=1", "--hide-scrollbars"));
        if (!Files.isRegularFile(png)) {
            throw new IOException("chromium wrote no screenshot to " + png);
        }
    }

    private static String run(Path page, List<String> what) throws IOException, InterruptedException {
        Path chromium = RealBinaries.require("chromium", "chromium"); // skipped without it, a failure on CI
        Path profile = Files.createTempDirectory("chromium-profile-");
        Path out = profile.resolveSibling(profile.getFileName() + ".out");
        Path err = profile.resolveSibling(profile.getFileName() + ".err");
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--user-data-dir=" + profile, "--no-first-run", "--no-default-browser-check",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--disable-default-apps", "--disable-domain-reliability", "--disable-breakpad",
                "--no-pings", "--dns-prefetch-disable", "--metrics-recording-only",
                "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
                "--disable-dev-shm-usage"));
        command.addAll(what);
        command.add(page.toAbsolutePath().toUri().toString());
        Process browser = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        Thread hook = Processes.killOnExit(browser);
        try {
            if (!browser.waitFor(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("chromium did not finish within " + DEADLINE + ": " + Files.readString(err));
            }
            if (browser.exitValue() != 0) {
                throw new IOException("chromium exited with " + browser.exitValue() + ": " + Files.readString(err));
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            // The renderer, GPU and zygote processes first, then the browser, then any that lost its parent (found
            // by the profile directory on its command line): none outlives the call.
            browser.descendants().forEach(ProcessHandle::destroyForcibly);
            browser.destroyForcibly();
            browser.waitFor(5, TimeUnit.SECONDS);
            String mark = "--user-data-dir=" + profile;
            ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().map(c -> c.contains(mark)).orElse(false))
                    .forEach(ProcessHandle::destroyForcibly);
            Processes.forget(hook);
            Processes.deleteTree(profile);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
