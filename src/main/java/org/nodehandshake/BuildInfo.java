package org.nodehandshake;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version this build was made from, and the user agent we announce to peers. */
public final class BuildInfo {

    private static final String VERSION = load();

    private BuildInfo() {
    }

    public static String version() {
        return VERSION;
    }

    /** BIP 14 style: {@code /node-handshake:0.1.0/}. */
    public static String defaultUserAgent() {
        return "/node-handshake:" + VERSION + "/";
    }

    private static String load() {
        try (InputStream in = BuildInfo.class.getResourceAsStream("/node-handshake.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
