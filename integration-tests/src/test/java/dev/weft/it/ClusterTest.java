package dev.weft.it;

import static dev.weft.process.Kernel.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.weft.dist.Node;
import dev.weft.term.Atom;
import dev.weft.term.Tuple;
import dev.weft.wire.Batch;
import dev.weft.wire.DistGrpc;
import dev.weft.wire.Frame;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;

class ClusterTest {
    static NodeProcess b;

    @BeforeAll
    static void cluster() {
        b = Cluster.b();
    }

    @Test
    void aNodeWithTheWrongCookieIsRefusedAndTheRefusalIsLoggedWithThePeersAddress() {
        try (NodeProcess w = NodeProcess.start("w", NodeProcess.freePort(), "--cookie", "a-different-cookie-0123456789")) {
            assertFalse(Node.connect(w.name, w.port));
            assertFalse(Node.list().contains(w.name));
            await().atMost(NodeProcess.timeout()).until(() -> w.stderr.stream()
                    .anyMatch(l -> l.contains("refused node it@127.0.0.1 from /127.0.0.1:") && l.contains("wrong cookie")));
        }
    }

    @Test
    void nothingButAHandshakeIsAcceptedBeforeTheHandshakeEnds() throws Exception {
        ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", b.port).usePlaintext().build();
        try {
            CompletableFuture<Status> closed = new CompletableFuture<>();
            StreamObserver<Frame> out = DistGrpc.newStub(ch).connect(new StreamObserver<>() {
                public void onNext(Frame f) { closed.completeExceptionally(new AssertionError("got a frame: " + f)); }
                public void onError(Throwable t) { closed.complete(Status.fromThrowable(t)); }
                public void onCompleted() { closed.completeExceptionally(new AssertionError("completed")); }
            });
            out.onNext(Frame.newBuilder().setBatch(Batch.getDefaultInstance()).build());
            assertEquals(Status.Code.PERMISSION_DENIED, closed.get(20, TimeUnit.SECONDS).getCode());
        } finally {
            ch.shutdownNow();
        }
    }

    @Test
    void aNodeThatJoinsOneNodeOfTheClusterIsConnectedToAllAndRunsItsMain() {
        register(self(), Atom.of("it_inbox"));
        try (NodeProcess m = NodeProcess.start("m", NodeProcess.freePort(),
                "--connect", b.name.name() + ":" + b.port, "--main", "dev.weft.it.HelloMain", "it@127.0.0.1", "hi")) {
            Tuple t = receive(x -> x instanceof Tuple y && y.is(Atom.of("hello_from_main"), 3) ? y : NO_MATCH, NodeProcess.timeout(), () -> null);
            assertEquals(m.name, t.get(1));
            assertEquals(List.of("it@127.0.0.1", "hi"), t.get(2));
            assertTrue(Node.list().contains(m.name), "the mesh connected us: " + Node.list());
        } finally {
            unregister(Atom.of("it_inbox"));
        }
    }
}
