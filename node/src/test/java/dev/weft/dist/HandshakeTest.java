package dev.weft.dist;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class HandshakeTest {
    private final byte[] c = Handshake.nonce();
    private final byte[] s = Handshake.nonce();

    @Test
    void bothSidesComputeTheSameProofFromTheSameCookie() {
        assertTrue(Handshake.matches(Handshake.clientDigest("cookie-1234567890", s, c, "a@h", "b@h"),
                Handshake.clientDigest("cookie-1234567890", s, c, "a@h", "b@h")));
    }

    @Test
    void aDifferentCookieNonceNameOrRoleGivesADifferentProof() {
        byte[] proof = Handshake.clientDigest("cookie-1234567890", s, c, "a@h", "b@h");
        assertFalse(Handshake.matches(proof, Handshake.clientDigest("cookie-0987654321", s, c, "a@h", "b@h")));
        assertFalse(Handshake.matches(proof, Handshake.clientDigest("cookie-1234567890", Handshake.nonce(), c, "a@h", "b@h")));
        assertFalse(Handshake.matches(proof, Handshake.clientDigest("cookie-1234567890", s, c, "x@h", "b@h")));
        assertFalse(Handshake.matches(proof, Handshake.serverDigest("cookie-1234567890", s, c, "a@h", "b@h")));
    }

    @Test
    void noncesAreFreshEachTime() {
        assertEquals(32, c.length);
        assertFalse(java.util.Arrays.equals(c, s));
    }
}
