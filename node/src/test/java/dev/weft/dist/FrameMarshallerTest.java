package dev.weft.dist;

import static org.junit.jupiter.api.Assertions.*;

import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Tuple;
import dev.weft.wire.Batch;
import dev.weft.wire.Frame;
import dev.weft.wire.Send;
import dev.weft.wire.Signal;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FrameMarshallerTest {

    @Test
    void aFrameWithABinaryComesBackEqualAndItsBinaryIsAFreshArray() throws Exception {
        byte[] blob = new byte[65_536];
        Arrays.fill(blob, (byte) 'x');
        Frame f = Frame.newBuilder().setBatch(Batch.newBuilder().addSignals(Signal.newBuilder().setSend(Send.newBuilder()
                .setTo(TermCodec.pid(new Pid(Atom.of("b@h"), 70, 1))).setMessage(TermCodec.encode(Tuple.of(Atom.of("blob"), blob)))))).build();
        var m = FrameMarshaller.CONNECT.getRequestMarshaller();
        Frame back = m.parse(m.stream(f));
        assertEquals(f, back);
        Tuple t = (Tuple) new TermCodec(java.util.List.of(), java.util.List.of(), getClass().getClassLoader())
                .decode(back.getBatch().getSignals(0).getSend().getMessage());
        assertArrayEquals(blob, (byte[]) t.get(1));
    }

    @Test
    void aParsedFramesBinaryIsASliceOfTheFrameNotACopy() throws Exception {
        byte[] blob = new byte[65_536];
        Arrays.fill(blob, (byte) 'x');
        byte[] bytes = Frame.newBuilder().setBatch(Batch.newBuilder().addSignals(Signal.newBuilder().setSend(Send.newBuilder()
                .setTo(TermCodec.pid(new Pid(Atom.of("b@h"), 70, 1))).setMessage(TermCodec.encode(blob))))).build().toByteArray();
        Frame f = FrameMarshaller.parse(bytes);
        Arrays.fill(bytes, (byte) 'y');
        var message = f.getBatch().getSignals(0).getSend().getMessage();
        assertEquals('y', message.byteAt(message.size() - 1));
    }

    @Test
    void bytesThatAreNotAFrameAreAnInternalErrorNamingTheProblem() {
        var m = FrameMarshaller.CONNECT.getRequestMarshaller();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> m.parse(new ByteArrayInputStream(new byte[] {(byte) 0xff, 1, 2})));
        assertTrue(e.getMessage().contains("cannot parse a frame"), e.getMessage());
    }
}
