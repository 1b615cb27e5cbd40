package dev.weft.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/** The node cookie kept in {@code ~/.weft.cookie}: 256 random bits, made once, readable by its owner only. */
final class CookieFile {
    private CookieFile() {}

    static Path defaultPath() {
        return Path.of(System.getProperty("user.home"), ".weft.cookie");
    }

    /** The cookie in {@code file}, generating it first if the file does not exist. */
    static String readOrCreate(Path file) throws IOException {
        if (!Files.exists(file)) {
            byte[] bits = new byte[32];
            new SecureRandom().nextBytes(bits);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, HexFormat.of().formatHex(bits) + "\n", StandardCharsets.UTF_8);
            } catch (FileAlreadyExistsException e) {
                // another node made it first: use theirs
            }
        }
        return Files.readString(file, StandardCharsets.UTF_8).strip();
    }
}
