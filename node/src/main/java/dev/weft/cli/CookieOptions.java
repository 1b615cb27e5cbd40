package dev.weft.cli;

import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --cookie} and {@code --cookie-file} options, shared by the commands that join a cluster. */
final class CookieOptions {
    @Option(names = "--cookie", description = "the cluster's cookie (default: the one in --cookie-file)")
    String cookie;

    @Option(names = "--cookie-file", description = "file holding the cookie, made with a random one if missing (default ~/.weft.cookie)")
    Path cookieFile;

    /** The cookie given, else the one in the cookie file (made once, owner-only). */
    String cookie() throws IOException {
        return cookie != null ? cookie : CookieFile.readOrCreate(cookieFile != null ? cookieFile : CookieFile.defaultPath());
    }
}
