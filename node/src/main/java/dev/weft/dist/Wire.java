package dev.weft.dist;

import com.google.protobuf.ByteString;
import dev.weft.term.Atom;
import dev.weft.wire.Challenge;
import dev.weft.wire.DistGrpc;
import dev.weft.wire.Frame;
import dev.weft.wire.Hello;
import dev.weft.wire.InFrame;
import dev.weft.wire.Proof;
import dev.weft.wire.Welcome;
import io.grpc.CallOptions;
import io.grpc.ChannelCredentials;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.util.ResourceLeakDetector;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * The gRPC side of a node: the server every peer dials, and dialing out. Both run the handshake
 * (Hello, Challenge, Proof, Welcome; see {@code dist.proto}) before anything else is accepted, then
 * hand the stream to a {@link Connection}. Every connection, dialed or accepted, runs on one network
 * thread ({@link #network}), and gRPC's callbacks run right on it (direct executor).
 */
final class Wire {
    private static final System.Logger LOG = System.getLogger("dev.weft.dist");
    private static final Context.Key<SocketAddress> PEER = Context.key("weft-peer-address");
    private static final int MAX_INBOUND = 2 * FrameWriter.MAX_FRAME + (1 << 20);
    /**
     * gRPC's {@code isReady} turns false as soon as the transport holds any bytes not yet written to the
     * socket (its default lets 32 KB pile up first): a signal sent to an idle stream goes at once, and
     * whatever is sent while a frame is still on its way to the socket waits in the {@link FrameWriter}
     * queue and leaves in the next frame, one frame for many small messages. It also bounds what sits in
     * the transport behind a slow peer to one frame.
     */
    private static final int ON_READY_THRESHOLD = 1;
    /** HTTP/2 flow-control window per stream and connection: 1 MB by default, too few 64 KB messages in flight. */
    private static final int WINDOW = 4 << 20;

    private final Dist dist;
    /**
     * The node's one network loop (epoll where Netty has it), driven by the node's schedulers: the
     * sockets of all its connections, gRPC's callbacks, and the {@link FrameWriter}s' draining. One
     * loop, so a writer knows where gRPC writes and drains there. Like the BEAM's distribution, which
     * does a connection's IO on one scheduler at a time.
     */
    private final NetworkLoop network;
    private final Class<? extends Channel> socketType;
    private final Server server;
    /** Plaintext or TLS ({@link WireSecurity}); with TLS the host dialed must be named by the peer's certificate. */
    private final ChannelCredentials credentials;

    Wire(Dist dist) throws IOException {
        this.dist = dist;
        WireSecurity security = WireSecurity.of(dist.config);   // before the loop: stores that went bad since the config fail here
        this.credentials = security.channel();
        ServerInterceptor peer = new ServerInterceptor() {
            @Override
            public <Q, R> io.grpc.ServerCall.Listener<Q> interceptCall(io.grpc.ServerCall<Q, R> call, io.grpc.Metadata headers,
                                                                      io.grpc.ServerCallHandler<Q, R> next) {
                Context ctx = Context.current().withValue(PEER, call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
                return Contexts.interceptCall(ctx, call, headers, next);
            }
        };
        // Netty's leak detector samples buffer allocations with a stack trace each: a debugging aid, off here.
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        boolean epoll = Epoll.isAvailable();
        this.network = new NetworkLoop(epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.socketType = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
        if (security.tls()) network.onAccept(channel -> channel.pipeline().addFirst(new WireSecurity.Refusals()));
        try {
            this.server = NettyServerBuilder.forAddress(new InetSocketAddress(dist.config.host(), dist.config.port()), security.server())
                    .bossEventLoopGroup(network)
                    .workerEventLoopGroup(network)
                    .channelType(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                    .directExecutor()
                    .maxInboundMessageSize(MAX_INBOUND)
                    .flowControlWindow(WINDOW)
                    .addService(ServerInterceptors.intercept(ServerServiceDefinition.builder(DistGrpc.SERVICE_NAME)
                            .addMethod(FrameMarshaller.SERVE, ServerCalls.asyncBidiStreamingCall(this::accept)).build(), peer))
                    .build()
                    .start();
        } catch (IOException | RuntimeException e) {
            network.shutdownGracefully(0, 1, TimeUnit.SECONDS);   // a node that cannot listen leaves no loop behind
            throw e;
        }
    }

    int port() {
        return server.getPort();
    }

    /** Runs a task on the network loop. */
    NetworkLoop network() {
        return network;
    }

    /** Whether the caller is polling the network loop (running its IO or a task of it). */
    boolean onNetworkThread() {
        return network.inEventLoop();
    }

    void stop() {
        server.shutdownNow();
        network.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    /** A stream through its handshake and after: once there is a connection, frames and endings go to it. */
    private abstract static class Stream {
        volatile Connection connection;

        void onReady() {
            Connection c = connection;
            if (c != null) c.writer.drain();
        }

        public void onNext(InFrame f) {
            Connection c = connection;
            if (c != null) c.onFrame(f);
            else onHandshake(f);
        }

        public void onError(Throwable t) {
            Connection c = connection;
            if (c != null) c.down("the stream failed: " + Status.fromThrowable(t));
            else handshakeFailed(Status.fromThrowable(t));
        }

        public void onCompleted() {
            Connection c = connection;
            if (c != null) c.down("the peer closed the stream");
            else handshakeFailed(Status.UNAVAILABLE.withDescription("the peer closed the stream during the handshake"));
        }

        abstract void onHandshake(InFrame f);

        abstract void handshakeFailed(Status s);
    }

    // ---------------------------------------------------------------- server side

    private StreamObserver<InFrame> accept(StreamObserver<Frame> responses) {
        ServerCallStreamObserver<Frame> out = (ServerCallStreamObserver<Frame>) responses;
        Accepting a = new Accepting(out, PEER.get());
        out.setOnReadyThreshold(ON_READY_THRESHOLD);
        out.setOnReadyHandler(a::onReady);
        return a;
    }

    /** One incoming stream: Hello → Challenge, Proof → Welcome, then frames for the connection. */
    private final class Accepting extends Stream implements StreamObserver<InFrame> {
        private final ServerCallStreamObserver<Frame> out;
        private final SocketAddress address;
        private Hello hello;
        private byte[] nonce;
        private boolean refused;

        Accepting(ServerCallStreamObserver<Frame> out, SocketAddress address) {
            this.out = out;
            this.address = address;
        }

        @Override
        void onHandshake(InFrame f) {
            if (refused) {
                return;
            } else if (hello == null && f.hasHello()) {
                onHello(f.getHello());
            } else if (hello != null && nonce != null && f.hasProof()) {
                onProof(f.getProof());
            } else {
                refuse(Status.PERMISSION_DENIED, "expected a handshake frame, got " + f.getKindCase());
            }
        }

        private void onHello(Hello h) {
            hello = h;
            Atom peer = Atom.of(h.getName());
            String why = h.getName().indexOf('@') <= 0 ? "a node name looks like name@host"
                    : peer.equals(dist.self) ? "that is this node's own name"
                    : h.getNonce().size() < 16 ? "the nonce is too short"
                    : null;
            if (why != null) {
                refuse(Status.INVALID_ARGUMENT, why);
                return;
            }
            // Both sides dialing at once: the connection dialed by the smaller name stays. Otherwise a peer
            // that dials while we think we are connected has lost that connection (or restarted): the
            // new one replaces it once the proof checks out.
            if (dist.isDialing(peer) && dist.self.name().compareTo(peer.name()) < 0) {
                refuse(Status.ALREADY_EXISTS, "simultaneous connect: the connection from " + dist.self.name() + " wins");
                return;
            }
            nonce = Handshake.nonce();
            out.onNext(Frame.newBuilder().setChallenge(Challenge.newBuilder().setName(dist.self.name())
                    .setCreation(dist.creation).setNonce(ByteString.copyFrom(nonce))).build());
        }

        private void onProof(Proof p) {
            byte[] expected = Handshake.clientDigest(dist.config.cookie(), nonce, hello.getNonce().toByteArray(), hello.getName(), dist.self.name());
            if (!Handshake.matches(expected, p.getDigest().toByteArray())) {
                LOG.log(System.Logger.Level.WARNING, "refused node " + hello.getName() + " from " + address + ": wrong cookie");
                refuse(Status.PERMISSION_DENIED, "handshake failed");
                return;
            }
            Atom peer = Atom.of(hello.getName());
            Connection old = dist.existing(peer);
            if (old != null) old.down("node " + peer.name() + " connected again (creation " + old.creation + " -> " + hello.getCreation() + ")");
            out.onNext(Frame.newBuilder().setWelcome(Welcome.newBuilder().setDigest(ByteString.copyFrom(Handshake.serverDigest(
                    dist.config.cookie(), hello.getNonce().toByteArray(), nonce, dist.self.name(), hello.getName())))).build());
            Connection c = new Connection(dist, peer, hello.getCreation(), hello.getPort(), out,
                    () -> out.onError(Status.UNAVAILABLE.withDescription("connection closed by " + dist.self.name()).asRuntimeException()));
            connection = c;
            dist.register(c);
        }

        private void refuse(Status status, String why) {
            refused = true;
            if (status != Status.PERMISSION_DENIED) LOG.log(System.Logger.Level.INFO, "refused a connection from " + address + ": " + why);
            out.onError(status.withDescription(why).asRuntimeException());
        }

        @Override
        void handshakeFailed(Status s) {
            if (refused) return;
            try {
                refuse(Status.CANCELLED, "the stream ended during the handshake: " + s);
            } catch (IllegalStateException alreadyClosed) {
                // the peer cancelled the call: nothing left to close
            }
        }
    }

    // ---------------------------------------------------------------- client side

    /** Dials {@code node} and runs the handshake; completes {@code result} with the connection. */
    void dial(Atom node, int port, CompletableFuture<Connection> result) {
        ManagedChannel channel = NettyChannelBuilder.forAddress(NodeConfig.host(node), port, credentials)
                .eventLoopGroup(network)
                .channelType(socketType)
                .directExecutor()
                .maxInboundMessageSize(MAX_INBOUND)
                .flowControlWindow(WINDOW)
                .build();
        Dialing d = new Dialing(node, port, channel, result);
        result.whenComplete((c, e) -> {
            if (e != null) channel.shutdownNow();
        });
        ClientCalls.asyncBidiStreamingCall(channel.newCall(FrameMarshaller.DIAL, CallOptions.DEFAULT.withOnReadyThreshold(ON_READY_THRESHOLD)), d);
        d.out.onNext(Frame.newBuilder().setHello(Hello.newBuilder().setName(dist.self.name()).setCreation(dist.creation)
                .setPort(dist.port()).setNonce(ByteString.copyFrom(d.nonce))).build());
    }

    private final class Dialing extends Stream implements ClientResponseObserver<Frame, InFrame> {
        private final Atom node;
        private final int port;
        private final ManagedChannel channel;
        private final CompletableFuture<Connection> result;
        final byte[] nonce = Handshake.nonce();
        ClientCallStreamObserver<Frame> out;
        private Challenge challenge;

        Dialing(Atom node, int port, ManagedChannel channel, CompletableFuture<Connection> result) {
            this.node = node;
            this.port = port;
            this.channel = channel;
            this.result = result;
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<Frame> requests) {
            out = requests;
            requests.setOnReadyHandler(this::onReady);
        }

        @Override
        void onHandshake(InFrame f) {
            if (challenge == null && f.hasChallenge()) {
                challenge = f.getChallenge();
                if (!challenge.getName().equals(node.name())) {
                    fail("dialed " + node.name() + " on port " + port + " but " + challenge.getName() + " answered");
                    return;
                }
                out.onNext(Frame.newBuilder().setProof(Proof.newBuilder().setDigest(ByteString.copyFrom(Handshake.clientDigest(
                        dist.config.cookie(), challenge.getNonce().toByteArray(), nonce, dist.self.name(), node.name())))).build());
            } else if (challenge != null && f.hasWelcome()) {
                byte[] expected = Handshake.serverDigest(dist.config.cookie(), nonce, challenge.getNonce().toByteArray(), node.name(), dist.self.name());
                if (!Handshake.matches(expected, f.getWelcome().getDigest().toByteArray())) {
                    LOG.log(System.Logger.Level.WARNING, "refused node " + node.name() + " at port " + port + ": wrong cookie");
                    fail("handshake failed: " + node.name() + " does not know the cookie");
                    return;
                }
                Connection conn = new Connection(dist, node, challenge.getCreation(), port, out, () -> {
                    out.cancel("connection closed by " + dist.self, null);
                    channel.shutdownNow();
                });
                connection = conn;
                if (result.isDone()) {
                    conn.down("the connect call gave up waiting");
                    return;
                }
                dist.register(conn);
            } else {
                fail(node + " sent " + f.getKindCase() + " during the handshake");
            }
        }

        private void fail(String why) {
            out.cancel(why, null);
            result.completeExceptionally(new IOException(why));
        }

        @Override
        void handshakeFailed(Status s) {
            channel.shutdownNow();
            // Refused as a duplicate: the peer's own connection to us is the one that stays.
            if (s.getCode() != Status.Code.ALREADY_EXISTS) {
                String why = s.getCause() instanceof SSLException e ? WireSecurity.why(e) : s.getDescription();
                result.completeExceptionally(new IOException(s.getCode() + ": " + why, s.getCause()));
            } else if (dist.existing(node) != null) {
                result.complete(dist.existing(node));
            }
        }
    }
}
