package dev.weft.dist;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.UnsafeByteOperations;
import dev.weft.wire.DistGrpc;
import dev.weft.wire.Frame;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.protobuf.ProtoUtils;
import java.io.IOException;
import java.io.InputStream;

/**
 * How frames cross gRPC: written as protobuf's own marshaller writes them, but parsed with aliasing,
 * so the bytes of a binary are copied once out of the frame (into the term, by {@link TermCodec})
 * instead of twice. {@link #CONNECT} is the {@code Dist/Connect} method with this marshaller, for
 * both the server and the dialing side.
 */
final class FrameMarshaller implements MethodDescriptor.Marshaller<Frame> {
    static final MethodDescriptor<Frame, Frame> CONNECT =
            DistGrpc.getConnectMethod().toBuilder(new FrameMarshaller(), new FrameMarshaller()).build();

    private static final MethodDescriptor.Marshaller<Frame> PROTO = ProtoUtils.marshaller(Frame.getDefaultInstance());

    private FrameMarshaller() {}

    @Override
    public InputStream stream(Frame frame) {
        return PROTO.stream(frame);
    }

    @Override
    public Frame parse(InputStream in) {
        try {
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
     * A frame whose binaries are slices of {@code bytes}, which nothing may change afterwards. Aliasing
     * needs a stream over bytes protobuf knows to be immutable: {@code CodedInputStream.newInstance(byte[])}
     * is not, and copies every binary it reads however aliasing is set.
     */
    static Frame parse(byte[] bytes) throws IOException {
        CodedInputStream coded = UnsafeByteOperations.unsafeWrap(bytes).newCodedInput();
        coded.enableAliasing(true);
        return Frame.parseFrom(coded);
    }
}
