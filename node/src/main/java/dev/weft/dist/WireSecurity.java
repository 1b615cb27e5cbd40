package dev.weft.dist;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.ChannelInboundHandlerAdapter;
import io.grpc.netty.shaded.io.netty.handler.ssl.NotSslRecordException;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Collections;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * How a node's connections are secured, as gRPC credentials for its server and for dialing: plaintext,
 * or mutual TLS from a {@link NodeConfig.Tls} (the server requires a client certificate its trust
 * store vouches for; a dialing node checks the server's certificate and that it names the host
 * dialed). The stores are read once, when the node starts.
 */
record WireSecurity(ServerCredentials server, ChannelCredentials channel, boolean tls) {
    private static final System.Logger LOG = System.getLogger("dev.weft.dist");

    static final WireSecurity PLAINTEXT = new WireSecurity(InsecureServerCredentials.create(), InsecureChannelCredentials.create(), false);

    /** The credentials {@code config} asks for. */
    static WireSecurity of(NodeConfig config) {
        NodeConfig.Tls t = config.tls();
        if (t == null) return PLAINTEXT;
        KeyManager[] keys = keyManagers(t.keyStore(), t.password());
        TrustManager[] trust = trustManagers(t.trustStore(), t.password());
        return new WireSecurity(
                TlsServerCredentials.newBuilder().keyManager(keys).trustManager(trust).clientAuth(TlsServerCredentials.ClientAuth.REQUIRE).build(),
                TlsChannelCredentials.newBuilder().keyManager(keys).trustManager(trust).build(),
                true);
    }

    /** Throws {@link IllegalArgumentException} saying what is wrong unless both stores are usable with {@code password}. */
    static void check(Path keyStore, Path trustStore, String password) {
        if (keyStore == null || trustStore == null || password == null) {
            throw new IllegalArgumentException("TLS needs a key store, a trust store and their password; missing:"
                    + (keyStore == null ? " key store" : "") + (trustStore == null ? " trust store" : "") + (password == null ? " password" : ""));
        }
        keyManagers(keyStore, password);
        trustManagers(trustStore, password);
    }

    private static KeyManager[] keyManagers(Path file, String password) {
        KeyStore store = load("key store", file, password, true);
        try {
            KeyManagerFactory f = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            f.init(store, password.toCharArray());
            return f.getKeyManagers();
        } catch (UnrecoverableKeyException e) {
            throw new IllegalArgumentException("the password opens TLS key store " + file + " but not the key in it: give the key the store's password", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use TLS key store " + file + ": " + e.getMessage(), e);
        }
    }

    private static TrustManager[] trustManagers(Path file, String password) {
        KeyStore store = load("trust store", file, password, false);
        try {
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init(store);
            return f.getTrustManagers();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use TLS trust store " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The store in {@code file} (PKCS12 or JKS, found by looking), opened with {@code password}, holding
     * a private key with its certificate ({@code key}) or at least a certificate.
     */
    private static KeyStore load(String what, Path file, String password, boolean key) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("TLS " + what + " " + file + " does not exist (or is not a file)");
        if (!Files.isReadable(file)) throw new IllegalArgumentException("TLS " + what + " " + file + " is not readable by this user");
        try {
            KeyStore store = KeyStore.getInstance(file.toFile(), password.toCharArray());
            if (Collections.list(store.aliases()).stream().noneMatch(a -> holds(store, a, key))) {
                throw new IllegalArgumentException("TLS " + what + " " + file + (key ? " holds no private key (keytool -genkeypair makes one)" : " holds no certificates"));
            }
            return store;
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new IllegalArgumentException("the password does not open TLS " + what + " " + file, e);
            }
            throw new IllegalArgumentException("cannot read TLS " + what + " " + file + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read TLS " + what + " " + file + " as a PKCS12 or JKS store: " + e.getMessage(), e);
        }
    }

    /** Whether {@code alias} is a private key with its certificate ({@code key}), or any certificate (else). */
    private static boolean holds(KeyStore store, String alias, boolean key) {
        try {
            return store.getCertificate(alias) != null && (!key || store.isKeyEntry(alias));
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * Put first on each connection a TLS node accepts: logs a peer its TLS handshake refused (one that
     * does not speak TLS, or shows no certificate or one the trust store does not vouch for) with its
     * address, and takes itself off once the handshake has succeeded. gRPC only closes such a
     * connection: it reaches no call, so the handshake of {@link Wire} never hears of it.
     */
    static final class Refusals extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            SocketAddress peer = ctx.channel().remoteAddress();
            SslHandler ssl = ctx.pipeline().get(SslHandler.class);
            if (ssl == null) {
                ctx.pipeline().remove(this);   // gRPC set TLS up some other way: it still refuses such peers, unlogged
            } else {
                ssl.handshakeFuture().addListener(f -> {
                    if (f.isSuccess()) ctx.pipeline().remove(this);
                    else LOG.log(System.Logger.Level.WARNING, "refused a connection from " + peer + ": " + why(f.cause()));
                });
            }
            ctx.fireChannelActive();
        }
    }

    /**
     * What a failed TLS handshake's exception says, in words: OpenSSL's reason codes
     * ({@code error:...:PEER_DID_NOT_RETURN_A_CERTIFICATE}) and the JDK's trust manager's messages
     * (a certificate from no trusted issuer, or one that does not name the host dialed) are the cause.
     */
    static String why(Throwable t) {
        if (t instanceof NotSslRecordException) return "it does not speak TLS (a node without TLS?)";
        if (t instanceof ClosedChannelException) return "it closed the connection during the TLS handshake";
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String message = String.valueOf(root.getMessage());
        String reason = message.startsWith("error:") ? message.substring(message.lastIndexOf(':') + 1) : message;
        if (reason.equals("PEER_DID_NOT_RETURN_A_CERTIFICATE") || reason.equals("Empty client certificate chain")) {
            return "it showed no certificate from an issuer this node trusts";   // OpenSSL's words, the JDK's
        }
        if (reason.contains("_ALERT_")) return "it broke off the TLS handshake (" + reason + "): does it trust this node's certificate, and does that name this node's host?";
        return "the TLS handshake failed: " + reason;
    }
}
