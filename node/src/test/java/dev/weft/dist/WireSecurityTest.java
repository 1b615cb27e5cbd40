package dev.weft.dist;

import static org.junit.jupiter.api.Assertions.*;

import io.grpc.netty.shaded.io.netty.handler.ssl.NotSslRecordException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class WireSecurityTest {
    @Test
    void aRefusedHandshakeIsPutInWordsWhicheverTlsEngineRefusedIt() {
        assertEquals("it does not speak TLS (a node without TLS?)", WireSecurity.why(new NotSslRecordException("not an SSL/TLS record: 505249")));
        assertEquals("it closed the connection during the TLS handshake", WireSecurity.why(new ClosedChannelException()));
        String noCertificate = "it showed no certificate from an issuer this node trusts";
        assertEquals(noCertificate, WireSecurity.why(new SSLHandshakeException("error:100000c0:SSL routines:OPENSSL_internal:PEER_DID_NOT_RETURN_A_CERTIFICATE")));
        assertEquals(noCertificate, WireSecurity.why(new SSLHandshakeException("Empty client certificate chain")));
        assertEquals("it broke off the TLS handshake (TLSV1_ALERT_INTERNAL_ERROR): does it trust this node's certificate, and does that name this node's host?",
                WireSecurity.why(new SSLHandshakeException("error:10000438:SSL routines:OPENSSL_internal:TLSV1_ALERT_INTERNAL_ERROR")));
        SSLHandshakeException wrongHost = new SSLHandshakeException("General OpenSslEngine problem");
        wrongHost.initCause(new CertificateException("No subject alternative names matching IP address 127.0.0.1 found"));
        assertEquals("the TLS handshake failed: No subject alternative names matching IP address 127.0.0.1 found", WireSecurity.why(wrongHost));
    }
}
