package dev.weft.dist;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The cookie challenge–response: each side sends a fresh nonce, and each proves it knows the cookie
 * with an HMAC-SHA256 over both nonces and both names (the client first, the server only after the
 * client's proof checked out). The cookie itself never crosses the wire.
 */
final class Handshake {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Handshake() {}

    static byte[] nonce() {
        byte[] n = new byte[32];
        RANDOM.nextBytes(n);
        return n;
    }

    /** The client's proof: HMAC(cookie, "client" | server nonce | client nonce | client | server). */
    static byte[] clientDigest(String cookie, byte[] serverNonce, byte[] clientNonce, String client, String server) {
        return hmac(cookie, "client", serverNonce, clientNonce, client, server);
    }

    /** The server's proof: HMAC(cookie, "server" | client nonce | server nonce | server | client). */
    static byte[] serverDigest(String cookie, byte[] clientNonce, byte[] serverNonce, String server, String client) {
        return hmac(cookie, "server", clientNonce, serverNonce, server, client);
    }

    /** Compares in constant time. */
    static boolean matches(byte[] expected, byte[] actual) {
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] hmac(String cookie, String role, byte[] first, byte[] second, String a, String b) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(cookie.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(role.getBytes(StandardCharsets.UTF_8));
            mac.update(first);
            mac.update(second);
            mac.update(a.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(b.getBytes(StandardCharsets.UTF_8));
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }
}
