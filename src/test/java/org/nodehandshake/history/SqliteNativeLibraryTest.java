package org.nodehandshake.history;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

class SqliteNativeLibraryTest {

    @TempDir
    Path home;

    private static URL library() {
        URL url = SQLiteJDBCLoader.class.getResource(
                LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName());
        assertTrue(url != null, "the driver has a library for this OS");
        return url;
    }

    private static byte[] bytes(URL url) throws IOException {
        try (var in = url.openStream()) {
            return in.readAllBytes();
        }
    }

    @Test
    void copiesTheJarsLibraryOnceAndKeepsIt() throws IOException {
        Path cache = home.resolve(".cache/node-handshake");
        Path file = SqliteNativeLibrary.cached(cache, "sqlite-jdbc-1.2.3", library(), "libsqlitejdbc.so");
        assertEquals(cache.resolve("sqlite-jdbc-1.2.3/libsqlitejdbc.so"), file);
        assertArrayEquals(bytes(library()), Files.readAllBytes(file));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache)));

        FileTime written = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(file, written);
        SqliteNativeLibrary.cached(cache, "sqlite-jdbc-1.2.3", library(), "libsqlitejdbc.so");
        assertEquals(written, Files.getLastModifiedTime(file), "a whole copy is not written again");
        try (Stream<Path> left = Files.list(file.getParent())) {
            assertEquals(1, left.count(), "no temporary file left");
        }
    }

    @Test
    void aCopyOfTheWrongSizeIsReplaced() throws IOException {
        Path cache = home.resolve("cache");
        Path file = cache.resolve("v/libsqlitejdbc.so");
        Files.createDirectories(file.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwx------"));
        Files.write(file, new byte[] {1, 2, 3}); // cut short, as by a full disk
        SqliteNativeLibrary.cached(cache, "v", library(), "libsqlitejdbc.so");
        assertArrayEquals(bytes(library()), Files.readAllBytes(file));
    }

    @Test
    void aDirectoryOthersMayWriteIsRefused() throws IOException {
        Path cache = home.resolve("shared");
        Files.createDirectories(cache);
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwxrwx"));
        IOException refused = assertThrows(IOException.class,
                () -> SqliteNativeLibrary.cached(cache, "v", library(), "libsqlitejdbc.so"));
        assertTrue(refused.getMessage().contains("other users"), refused.getMessage());
        assertFalse(Files.exists(cache.resolve("v/libsqlitejdbc.so")));
    }

    @Test
    void theCacheIsXdgsWhenAbsoluteElseTheHomes() {
        assertEquals(Optional.of(Path.of("/x/cache")), SqliteNativeLibrary.cacheBase(Map.of("XDG_CACHE_HOME", "/x/cache"), "/home/u"));
        assertEquals(Optional.of(Path.of("/home/u/.cache")), SqliteNativeLibrary.cacheBase(Map.of("XDG_CACHE_HOME", "relative"), "/home/u"));
        assertEquals(Optional.of(Path.of("/home/u/.cache")), SqliteNativeLibrary.cacheBase(Map.of(), "/home/u"));
        assertEquals(Optional.empty(), SqliteNativeLibrary.cacheBase(Map.of(), "?"));
        assertEquals(Optional.empty(), SqliteNativeLibrary.cacheBase(Map.of(), null));
    }
}
