package dev.weft.dist;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.UnsafeByteOperations;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import dev.weft.wire.DistGrpc;
import dev.weft.wire.Frame;
import dev.weft.wire.InFrame;
import io.grpc.HasByteBuffer;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.protobuf.ProtoUtils;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * How frames cross gRPC: a {@link Frame} is written as protobuf's own marshaller writes it, and read
 * as an {@link InFrame} (the same bytes), with aliasing: its batch stays a slice of the bytes read,
 * which the connection reads signal by signal, and the bytes of a binary are copied once out of it
 * (into the term, by {@link TermCodec}). {@link #SERVE} is the {@code Dist/Connect} method as the
 * accepting side sees it (it reads what the dialer writes), {@link #DIAL} as the dialing side does.
 * A signal that is a send, by far the most common, is read without protobuf's objects ({@link #readSend}).
 */
final class FrameMarshaller {
    private static final MethodDescriptor.Marshaller<Frame> WRITE = ProtoUtils.marshaller(Frame.getDefaultInstance());
    private static final MethodDescriptor.Marshaller<InFrame> READ = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(InFrame frame) {
            return frame.toByteString().newInput();
        }

        @Override
        public InFrame parse(InputStream in) {
            return FrameMarshaller.parse(in);
        }
    };

    static final MethodDescriptor<InFrame, Frame> SERVE = DistGrpc.getConnectMethod().toBuilder(READ, WRITE).build();
    static final MethodDescriptor<Frame, InFrame> DIAL = DistGrpc.getConnectMethod().toBuilder(WRITE, READ).build();

    /** Tags, as protobuf writes them: {@code Frame.batch}, {@code Batch.signals}, {@code Signal.send}, and the fields of {@code Send}. */
    private static final int BATCH = 5 << 3 | 2;
    static final int SIGNAL = 1 << 3 | 2;
    private static final int SEND = 1 << 3 | 2, TO = 1 << 3 | 2, MESSAGE = 2 << 3 | 2, TO_ALIAS = 3 << 3 | 2;

    /** A send read from a signal's bytes: to {@code to}, or through {@code alias} when that is set. */
    record Send(Pid to, Ref alias, Object message) {}

    private FrameMarshaller() {}

    static InFrame parse(InputStream in) {
        try {
            InFrame f = parseInPlace(in);
            if (f != null) return f;
            // gRPC's stream knows its length: read the message in one piece, straight into its array
            // (readNBytes(int) would read it in chunks and copy it again).
            byte[] bytes;
            if (in instanceof KnownLength) {
                bytes = new byte[in.available()];
                if (in.readNBytes(bytes, 0, bytes.length) != bytes.length) throw new IOException("the frame ended early");
            } else {
                bytes = in.readAllBytes();
            }
            return parse(bytes);
        } catch (IOException e) {
            throw Status.INTERNAL.withDescription("cannot parse a frame: " + e.getMessage()).withCause(e).asRuntimeException();
        }
    }

    /**
     * The frame read where gRPC holds its bytes, in Netty's direct buffers (released once the frame
     * has been handled): its batch aliases them, so a binary is copied once, from the network's buffer
     * into the term. Only a batch may alias them, as {@link Connection#onFrame} is done with it before
     * gRPC releases the buffers. Null, the stream as it was, for a frame to read from a copy: a
     * handshake frame (which is kept), a batch of small signals (protobuf reads those faster from an
     * array), or bytes not all in direct buffers (gRPC copies small pieces together on the heap, and
     * protobuf would then copy everything).
     */
    private static InFrame parseInPlace(InputStream in) throws IOException {
        if (!(in instanceof HasByteBuffer buffers && buffers.byteBufferSupported() && in.markSupported() && in instanceof KnownLength)) {
            return null;
        }
        in.mark(Integer.MAX_VALUE);   // gRPC then keeps the buffers skipped past (until it closes the stream) rather than releasing them
        ByteString all = ByteString.EMPTY;
        for (int left = in.available(); left > 0; ) {
            ByteBuffer b = buffers.getByteBuffer();
            if (!b.isDirect()) {
                in.reset();
                return null;
            }
            int n = b.remaining();
            all = all.concat(UnsafeByteOperations.unsafeWrap(b));
            if (in.skip(n) != n) throw new IOException("the frame ended early");
            left -= n;
        }
        if (!startsWithABigSignal(all)) {
            in.reset();
            return null;
        }
        CodedInputStream coded = all.newCodedInput();
        coded.enableAliasing(true);
        return InFrame.parseFrom(coded);
    }

    /**
     * Whether the encoded frame is a batch whose first signal is big: one that carries a binary the
     * sender did not copy ({@link TermWriter#BIG}). Reads only the tags and lengths in front of it.
     */
    private static boolean startsWithABigSignal(ByteString frame) throws IOException {
        CodedInputStream in = frame.newCodedInput();
        if (in.readTag() != BATCH) return false;
        in.readRawVarint32();   // the batch's length
        return in.readTag() == SIGNAL && in.readRawVarint32() >= TermWriter.BIG;
    }

    /**
     * A frame whose batch is a slice of {@code bytes}, which nothing may change afterwards. Aliasing
     * needs a stream over bytes protobuf knows to be immutable: {@code CodedInputStream.newInstance(byte[])}
     * is not, and copies every field of bytes it reads however aliasing is set.
     */
    static InFrame parse(byte[] bytes) throws IOException {
        CodedInputStream coded = UnsafeByteOperations.unsafeWrap(bytes).newCodedInput();
        coded.enableAliasing(true);
        return InFrame.parseFrom(coded);
    }

    /** Whether the encoded signal starts with a send (then {@link #readSend} may read it). */
    static boolean isSend(ByteString signal) {
        return !signal.isEmpty() && signal.byteAt(0) == SEND;
    }

    /**
     * The send that the encoded {@code signal} (a {@code Signal} that {@link #isSend}) holds, read in
     * one pass straight into the pid and the term; null if the signal holds more than the send (for
     * protobuf's reading to settle). Throws {@link IllegalArgumentException} for a term this node refuses
     * or a send to nobody, {@link IOException} if the bytes are not a signal.
     */
    static Send readSend(ByteString signal, TermCodec codec) throws IOException {
        CodedInputStream in = signal.newCodedInput();
        in.enableAliasing(true);
        in.readTag();
        int outer = in.pushLimit(in.readRawVarint32());
        Pid to = null;
        Ref alias = null;
        Object message = null;
        for (int tag; (tag = in.readTag()) != 0; ) {
            switch (tag) {
                case TO -> to = (Pid) TermCodec.id(in, true);
                case MESSAGE -> message = codec.decodeNested(in);
                case TO_ALIAS -> alias = (Ref) TermCodec.id(in, false);
                default -> in.skipField(tag);
            }
        }
        in.popLimit(outer);
        if (!in.isAtEnd()) return null;
        if (to == null && alias == null) throw new IllegalArgumentException("a send to nobody");
        return new Send(to, alias, message);
    }
}
