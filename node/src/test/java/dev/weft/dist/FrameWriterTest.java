package dev.weft.dist;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import com.google.protobuf.ByteString;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.wire.Frame;
import dev.weft.wire.Send;
import dev.weft.wire.Signal;
import io.grpc.stub.CallStreamObserver;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class FrameWriterTest {
    /** A stream that is ready only when the test says so, and keeps what is written. */
    static final class FakeStream extends CallStreamObserver<Frame> {
        volatile boolean ready;
        final List<Frame> frames = new CopyOnWriteArrayList<>();

        @Override public boolean isReady() { return ready; }
        @Override public void setOnReadyHandler(Runnable r) { }
        @Override public void disableAutoInboundFlowControl() { }
        @Override public void request(int count) { }
        @Override public void setMessageCompression(boolean enable) { }
        @Override public void onNext(Frame f) { frames.add(f); }
        @Override public void onError(Throwable t) { }
        @Override public void onCompleted() { }
    }

    private final FakeStream stream = new FakeStream();
    private final FrameWriter writer = new FrameWriter(stream, Runnable::run, () -> { });

    private static Signal send(Object msg) {
        return Signal.newBuilder().setSend(Send.newBuilder().setTo(TermCodec.pid(new Pid(Atom.of("b@h"), 70, 1)))
                .setMessage(TermCodec.encode(msg))).build();
    }

    @Test
    void signalsQueuedWhileTheStreamIsNotReadyGoOutTogetherInOneFrame() {
        for (int i = 0; i < 100; i++) writer.enqueue(send(i));
        assertEquals(List.of(), stream.frames);
        stream.ready = true;
        writer.drain();
        assertEquals(1, stream.frames.size());
        assertEquals(100, stream.frames.getFirst().getBatch().getSignalsCount());
        assertEquals(send(99), stream.frames.getFirst().getBatch().getSignals(99));
    }

    @Test
    void aLargeSignalIsCutIntoFragmentsThatReassembleToIt() throws Exception {
        stream.ready = true;
        Signal big = send(new byte[300_000]);
        writer.enqueue(big);
        writer.enqueue(send("after"));
        ByteString whole = ByteString.EMPTY;
        List<Signal> all = stream.frames.stream().flatMap(f -> f.getBatch().getSignalsList().stream()).toList();
        int i = 0;
        for (; !all.get(i).getFragment().getLast(); i++) {
            whole = whole.concat(all.get(i).getFragment().getChunk());
            assertTrue(all.get(i).getFragment().getChunk().size() <= FrameWriter.FRAGMENT);
        }
        whole = whole.concat(all.get(i).getFragment().getChunk());
        assertEquals(big, Signal.parseFrom(whole));
        assertEquals(send("after"), all.get(i + 1));
        for (Frame f : stream.frames) assertTrue(f.getSerializedSize() < FrameWriter.MAX_FRAME + FrameWriter.FRAGMENT + 1024);
    }

    @Test
    void pastTheLimitASenderIsParkedUntilTheQueueDrains() throws Exception {
        Signal mib = send(new byte[1 << 20]);
        while (writer.hasRoom()) writer.enqueue(mib);
        Thread sender = Thread.ofVirtual().start(() -> {
            writer.awaitRoom();
            writer.enqueue(send("made it"));
        });
        await().until(() -> sender.getState() == Thread.State.WAITING);
        assertTrue(sender.isAlive());
        stream.ready = true;
        writer.drain();
        sender.join();
        Signal last = stream.frames.getLast().getBatch().getSignalsList().getLast();
        assertEquals(send("made it"), last);
    }

    @Test
    void closingReleasesParkedSenders() throws Exception {
        Signal mib = send(new byte[1 << 20]);
        while (writer.hasRoom()) writer.enqueue(mib);
        Thread sender = Thread.ofVirtual().start(writer::awaitRoom);
        await().until(() -> sender.getState() == Thread.State.WAITING);
        writer.close();
        sender.join();
        assertFalse(sender.isAlive());
    }

    @Test
    void aSignalOverTheMaximumMessageSizeIsRefusedClearly() {
        var e = assertThrows(IllegalArgumentException.class, () -> writer.enqueue(send(new byte[FrameWriter.MAX_MESSAGE + 1])));
        assertTrue(e.getMessage().contains("maximum message size"), e.getMessage());
    }
}
