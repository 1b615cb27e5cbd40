package dev.weft.dist;

import static org.junit.jupiter.api.Assertions.*;

import com.google.protobuf.ByteString;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import dev.weft.term.Tuple;
import dev.weft.wire.Batch;
import dev.weft.wire.Frame;
import dev.weft.wire.InFrame;
import dev.weft.wire.Send;
import dev.weft.wire.Signal;
import io.grpc.StatusRuntimeException;
import dev.weft.wire.Hello;
import io.grpc.HasByteBuffer;
import io.grpc.KnownLength;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameMarshallerTest {

    @Test
    void aFrameWithABinaryComesBackEqualAndItsBinaryIsAFreshArray() throws Exception {
        byte[] blob = new byte[65_536];
        Arrays.fill(blob, (byte) 'x');
        Frame f = Frame.newBuilder().setBatch(Batch.newBuilder().addSignals(Signal.newBuilder().setSend(Send.newBuilder()
                .setTo(TermCodec.pid(new Pid(Atom.of("b@h"), 70, 1))).setMessage(TermCodec.encode(Tuple.of(Atom.of("blob"), blob)))))).build();
        InFrame back = FrameMarshaller.SERVE.getRequestMarshaller().parse(FrameMarshaller.DIAL.getRequestMarshaller().stream(f));
        assertEquals(f.toByteString(), back.toByteString(), "the same bytes, read as an InFrame");
        Batch batch = Batch.parseFrom(back.getBatch());
        assertEquals(f.getBatch(), batch);
        Tuple t = (Tuple) new TermCodec(java.util.List.of(), java.util.List.of(), getClass().getClassLoader())
                .decode(batch.getSignals(0).getSend().getMessage());
        assertArrayEquals(blob, (byte[]) t.get(1));
    }

    @Test
    void aParsedFramesBatchIsASliceOfTheFrameNotACopy() throws Exception {
        byte[] blob = new byte[65_536];
        Arrays.fill(blob, (byte) 'x');
        byte[] bytes = Frame.newBuilder().setBatch(Batch.newBuilder().addSignals(Signal.newBuilder().setSend(Send.newBuilder()
                .setTo(TermCodec.pid(new Pid(Atom.of("b@h"), 70, 1))).setMessage(TermCodec.encode(blob))))).build().toByteArray();
        InFrame f = FrameMarshaller.parse(bytes);
        Arrays.fill(bytes, (byte) 'y');
        assertEquals('y', f.getBatch().byteAt(f.getBatch().size() - 1));
    }

    @Test
    void bytesThatAreNotAFrameAreAnInternalErrorNamingTheProblem() {
        var m = FrameMarshaller.SERVE.getRequestMarshaller();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> m.parse(new ByteArrayInputStream(new byte[] {(byte) 0xff, 1, 2})));
        assertTrue(e.getMessage().contains("cannot parse a frame"), e.getMessage());
    }

    private static final TermCodec CODEC = new TermCodec(java.util.List.of(), java.util.List.of(), FrameMarshallerTest.class.getClassLoader());

    @Test
    void aSendIsReadInOnePassAsProtobufWouldReadIt() throws Exception {
        Pid to = new Pid(Atom.of("b@h"), 70, 1);
        Object msg = Tuple.of(Atom.of("seq"), 42L, "text", java.util.List.of(1, 2));
        ByteString signal = Signal.newBuilder().setSend(Send.newBuilder().setTo(TermCodec.pid(to)).setMessage(TermCodec.encode(msg))).build().toByteString();
        assertTrue(FrameMarshaller.isSend(signal));
        assertEquals(new FrameMarshaller.Send(to, null, msg), FrameMarshaller.readSend(signal, CODEC));
        Ref alias = new Ref(Atom.of("b@h"), 9, 1);
        ByteString viaAlias = Signal.newBuilder().setSend(Send.newBuilder().setToAlias(TermCodec.ref(alias)).setMessage(TermCodec.encode(Atom.OK))).build().toByteString();
        assertEquals(new FrameMarshaller.Send(null, alias, Atom.OK), FrameMarshaller.readSend(viaAlias, CODEC));
    }

    @Test
    void aSignalWithMoreThanASendIsLeftToProtobufAndASendToNobodyIsRefused() throws Exception {
        ByteString send = Signal.newBuilder().setSend(Send.newBuilder().setTo(TermCodec.pid(new Pid(Atom.of("b@h"), 70, 1)))
                .setMessage(TermCodec.encode(Atom.OK))).build().toByteString();
        ByteString thenATick = send.concat(Signal.newBuilder().setTick(true).build().toByteString());   // the last of a oneof wins
        assertTrue(FrameMarshaller.isSend(thenATick));
        assertNull(FrameMarshaller.readSend(thenATick, CODEC));
        assertEquals(Signal.KindCase.TICK, Signal.parseFrom(thenATick).getKindCase());
        ByteString nobody = Signal.newBuilder().setSend(Send.newBuilder().setMessage(TermCodec.encode(Atom.OK))).build().toByteString();
        assertThrows(IllegalArgumentException.class, () -> FrameMarshaller.readSend(nobody, CODEC));
        assertFalse(FrameMarshaller.isSend(Signal.newBuilder().setTick(true).build().toByteString()));
    }

    /** A frame of one send of a binary of {@code size} bytes. */
    private static byte[] frameOfABinary(int size) {
        byte[] blob = new byte[size];
        Arrays.fill(blob, (byte) 'x');
        return Frame.newBuilder().setBatch(Batch.newBuilder().addSignals(Signal.newBuilder().setSend(Send.newBuilder()
                .setTo(TermCodec.pid(new Pid(Atom.of("b@h"), 70, 1))).setMessage(TermCodec.encode(blob))))).build().toByteArray();
    }

    @Test
    void aFrameInDirectBuffersIsReadInPlaceWhenItStartsWithABigSignal() {
        byte[] bytes = frameOfABinary(65_536);
        NettyLike in = new NettyLike(bytes, 16_384, true);
        InFrame f = FrameMarshaller.SERVE.getRequestMarshaller().parse(in);
        assertEquals(ByteString.copyFrom(bytes), f.toByteString());
        in.overwrite((byte) 'y');
        assertEquals('y', f.getBatch().byteAt(f.getBatch().size() - 1), "the batch aliases the network's buffers");
    }

    @Test
    void aHandshakeFrameOrASmallBatchInDirectBuffersIsCopiedAsItIsKeptOrReadFasterFromAnArray() {
        byte[] hello = Frame.newBuilder().setHello(Hello.newBuilder().setName("a@h").setCreation(3)
                .setNonce(ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}))).build().toByteArray();
        byte[] small = frameOfABinary(100);
        for (byte[] bytes : List.of(hello, small)) {
            NettyLike in = new NettyLike(bytes, 7, true);
            InFrame f = FrameMarshaller.SERVE.getRequestMarshaller().parse(in);
            in.overwrite((byte) 0);
            assertEquals(ByteString.copyFrom(bytes), f.toByteString());
        }
    }

    @Test
    void aFrameWithAPieceOnTheHeapIsReadFromTheStartAsACopy() {
        byte[] bytes = frameOfABinary(65_536);
        NettyLike in = new NettyLike(bytes, 16_384, false);
        InFrame f = FrameMarshaller.SERVE.getRequestMarshaller().parse(in);
        in.overwrite((byte) 'y');
        assertEquals(ByteString.copyFrom(bytes), f.toByteString());
    }

    /**
     * A message as gRPC hands it over from Netty: in pieces of direct buffers (the last on the heap
     * unless {@code allDirect}, as gRPC copies small pieces together), readable in place, markable.
     */
    private static final class NettyLike extends InputStream implements KnownLength, HasByteBuffer {
        private final List<ByteBuffer> pieces = new ArrayList<>();
        private int piece, markedPiece, markedPosition;

        NettyLike(byte[] bytes, int pieceSize, boolean allDirect) {
            for (int at = 0; at < bytes.length; at += pieceSize) {
                int n = Math.min(pieceSize, bytes.length - at);
                boolean last = at + n == bytes.length;
                ByteBuffer b = !allDirect && last ? ByteBuffer.allocate(n) : ByteBuffer.allocateDirect(n);
                pieces.add(b.put(bytes, at, n).flip());
            }
        }

        void overwrite(byte value) {
            for (ByteBuffer b : pieces) {
                for (int i = 0; i < b.limit(); i++) b.put(i, value);
            }
        }

        @Override
        public int read() {
            while (piece < pieces.size() && !pieces.get(piece).hasRemaining()) piece++;
            return piece == pieces.size() ? -1 : pieces.get(piece).get() & 0xff;
        }

        @Override
        public int available() {
            int n = 0;
            for (int i = piece; i < pieces.size(); i++) n += pieces.get(i).remaining();
            return n;
        }

        @Override
        public long skip(long n) {
            long skipped = 0;
            for (; skipped < n && read() != -1; skipped++) { }
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return true;
        }

        @Override
        public void mark(int limit) {
            markedPiece = piece;
            markedPosition = pieces.get(piece).position();
        }

        @Override
        public void reset() {
            for (int i = markedPiece; i < pieces.size(); i++) pieces.get(i).position(i == markedPiece ? markedPosition : 0);
            piece = markedPiece;
        }

        @Override
        public boolean byteBufferSupported() {
            return true;
        }

        @Override
        public ByteBuffer getByteBuffer() {
            while (piece < pieces.size() && !pieces.get(piece).hasRemaining()) piece++;
            return piece == pieces.size() ? null : pieces.get(piece).slice();
        }
    }
}
