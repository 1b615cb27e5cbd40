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
}
