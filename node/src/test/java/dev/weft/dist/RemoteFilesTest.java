package dev.weft.dist;

import static org.junit.jupiter.api.Assertions.*;

import dev.weft.io.FileError;
import dev.weft.term.Atom;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RemoteFilesTest {
    @TempDir
    Path dir;
    Path root;

    @BeforeEach
    void tree() throws Exception {
        root = Files.createDirectories(dir.resolve("root"));
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(root.resolve("sub/a.txt"), "a");
        Files.createDirectories(dir.resolve("root2"));
        Files.writeString(dir.resolve("root2/secret.txt"), "s");
        Files.createSymbolicLink(root.resolve("out"), dir.resolve("root2"));
        Files.createSymbolicLink(root.resolve("in"), root.resolve("sub"));
    }

    private void refused(String path) {
        FileError e = assertThrows(FileError.class, () -> RemoteFiles.confine(root, path), path);
        assertEquals(Atom.of("eacces"), e.reason(), path);
    }

    @Test
    void pathsInsideTheRootResolveToTheirRealPlace() throws Exception {
        Path real = root.toRealPath();
        assertEquals(real.resolve("sub/a.txt"), RemoteFiles.confine(root, "sub/a.txt"));
        assertEquals(real.resolve("sub/a.txt"), RemoteFiles.confine(root, "in/a.txt"));
        assertEquals(real.resolve("sub/new.txt"), RemoteFiles.confine(root, "./sub/new.txt"));
        assertEquals(real.resolve("sub/a.txt"), RemoteFiles.confine(root, real.resolve("sub/a.txt").toString()));
    }

    @Test
    void dotDotLinksOutAndSiblingPrefixesAreRefused() {
        refused("../root2/secret.txt");
        refused("sub/../../root2/secret.txt");
        refused("out/secret.txt");
        refused(dir.resolve("root2/secret.txt").toString());
        refused("/etc/passwd");
    }

    @Test
    void aMissingDirectoryIsEnoent() {
        assertEquals(Atom.of("enoent"), assertThrows(FileError.class, () -> RemoteFiles.confine(dir.resolve("nothing"), "a")).reason());
    }
}
