package org.nodehandshake.history;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * sqlite-jdbc's native library, copied out of the jar once per driver version into the user's cache
 * directory, instead of anew by every process. Left alone, the driver copies its 1.1 MB library into the
 * temporary directory on each start and then compares the copy with the jar's byte by byte: about 0.2 s of
 * a one-shot check on a 2-core machine (BENCHMARKS.md, start-up). The copy lives in
 * {@code $XDG_CACHE_HOME/node-handshake} (else {@code ~/.cache/node-handshake}), written to a temporary
 * name and moved into place (two processes at once each see a whole file), and the driver is pointed at it
 * ({@code org.sqlite.lib.path}, {@code org.sqlite.lib.name}). Anything else (a library path the user set,
 * no usable home, a cache directory others may write to, an OS the jar has no library for, any I/O error)
 * leaves the driver to its own way, which still works.
 */
final class SqliteNativeLibrary {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteNativeLibrary.class);
    static final String PATH_PROPERTY = "org.sqlite.lib.path";
    static final String NAME_PROPERTY = "org.sqlite.lib.name";
    private static final Set<PosixFilePermission> OTHERS_WRITE =
            Set.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

    private static boolean prepared;

    private SqliteNativeLibrary() {
    }

    /** Before the driver's first connection in this process; does its work once. */
    static synchronized void prepare() {
        if (prepared) {
            return;
        }
        prepared = true;
        if (System.getProperty(PATH_PROPERTY) != null || System.getProperty(NAME_PROPERTY) != null) {
            return; // the user's own choice
        }
        String name = LibraryLoaderUtil.getNativeLibName();
        URL resource = SQLiteJDBCLoader.class.getResource(LibraryLoaderUtil.getNativeLibResourcePath() + "/" + name);
        Optional<Path> base = cacheBase(System.getenv(), System.getProperty("user.home"));
        if (resource == null || base.isEmpty()) {
            return;
        }
        try {
            Path file = cached(base.get().resolve("node-handshake"), "sqlite-jdbc-" + SQLiteJDBCLoader.getVersion(),
                    resource, name);
            System.setProperty(PATH_PROPERTY, file.getParent().toString());
            System.setProperty(NAME_PROPERTY, file.getFileName().toString());
        } catch (IOException | RuntimeException e) {
            LOG.debug("SQLite's native library not cached ({}); the driver extracts its own", e.toString());
        }
    }

    /** {@code $XDG_CACHE_HOME} when absolute (the XDG rule), else {@code ~/.cache}; empty without a home. */
    static Optional<Path> cacheBase(Map<String, String> environment, String userHome) {
        String xdg = environment.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Optional.of(Path.of(xdg));
        }
        if (userHome == null || userHome.isBlank() || userHome.equals("?")) {
            return Optional.empty();
        }
        return Optional.of(Path.of(userHome, ".cache"));
    }

    /**
     * The library at {@code cache/version/name}: kept when its size is the jar entry's, else copied in (to a
     * temporary name, then moved). Refused when the directory may be written by others (a library loaded
     * from there would run their code).
     */
    static Path cached(Path cache, String version, URL resource, String name) throws IOException {
        Path directory = cache.resolve(version);
        createPrivately(cache);
        createPrivately(directory);
        for (Path d : new Path[] {cache.getParent(), cache, directory}) {
            if (writableByOthers(d)) {
                throw new IOException(d + " may be written by other users");
            }
        }
        Path file = directory.resolve(name);
        URLConnection connection = resource.openConnection();
        long size = connection.getContentLengthLong();
        if (size > 0 && Files.isRegularFile(file) && Files.size(file) == size) {
            return file;
        }
        Path partial = Files.createTempFile(directory, ".writing-", ".tmp");
        try {
            try (InputStream in = connection.getInputStream()) {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            }
            if (size > 0 && Files.size(partial) != size) {
                throw new IOException("copied " + Files.size(partial) + " of " + size + " bytes");
            }
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
        return file;
    }

    private static void createPrivately(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(directory);
        }
    }

    private static boolean writableByOthers(Path directory) throws IOException {
        if (directory == null || !FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return false;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(directory);
        return permissions.stream().anyMatch(OTHERS_WRITE::contains);
    }
}
