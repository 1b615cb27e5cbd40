package dev.weft.dist;

import static org.junit.jupiter.api.Assertions.*;

import dev.weft.process.Down;
import dev.weft.process.Exit;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import dev.weft.term.Tuple;
import dev.weft.wire.Term;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TermCodecTest {
    private final TermCodec codec = new TermCodec(List.of("dev.weft.dist.TermCodecTest$Allowed", "dev.weft.dist.TermCodecTest$Colour"), List.of("dev.weft.dist."), getClass().getClassLoader());

    record Allowed(String name, List<Integer> scores) {}

    enum Colour { RED, GREEN }

    private Object roundTrip(Object term) throws Exception {
        return codec.decode(Term.parseFrom(TermCodec.encode(term).toByteArray()));
    }

    @Test
    void everyKindOfTermComesBackAsTheSameJavaValue() throws Exception {
        Atom node = Atom.of("b@127.0.0.1");
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put(Atom.of("k"), List.of(1, 2L));
        map.put("s", null);
        List<Object> terms = Arrays.asList(Atom.of("ok"), 1, -1, Integer.MAX_VALUE, 5L, Long.MIN_VALUE,
                new BigInteger("123456789012345678901234567890"), 2.5, -0.0, "héllo", true, false, null,
                Tuple.of(), Tuple.of(Atom.of("a"), 1, "b"), List.of(), List.of(1, List.of(2)), map,
                new Pid(node, 77, 3), new Ref(node, 1L << 40, 9), new Allowed("x", List.of(1, 2)), Colour.GREEN,
                new dev.weft.otp.Supervisor.Child(Atom.of("worker"), new Pid(node, 5, 3), dev.weft.otp.ChildSpec.Type.WORKER),
                new Exit(new Pid(node, 1, 1), Atom.KILLED), new Down(new Ref(node, 1, 1), new Pid(node, 2, 1), Atom.NORMAL));
        for (Object t : terms) {
            Object back = roundTrip(t);
            assertEquals(t, back, "round trip of " + t);
            if (t != null) assertEquals(t.getClass().isRecord(), back.getClass().isRecord());
        }
        assertEquals(Integer.class, roundTrip(1).getClass());
        assertEquals(Long.class, roundTrip(1L).getClass());
    }

    @Test
    void binariesComeBackByteForByte() throws Exception {
        assertArrayEquals(new byte[] {0, -1, 127}, (byte[]) roundTrip(new byte[] {0, -1, 127}));
    }

    @Test
    void anExceptionArrivesAsARemoteExceptionWithClassMessageAndStack() throws Exception {
        IllegalStateException e = new IllegalStateException("boom");
        RemoteException back = (RemoteException) roundTrip(e);
        assertEquals("java.lang.IllegalStateException", back.type());
        assertEquals("boom", back.getMessage());
        assertEquals(e.getStackTrace()[0].toString(), back.getStackTrace()[0].toString());
        assertEquals(back, roundTrip(back));
    }

    @Test
    void aValueThatIsNotATermIsRefusedOnTheSendingSide() {
        var e = assertThrows(IllegalArgumentException.class, () -> TermCodec.encode(List.of(new StringBuilder("x"))));
        assertTrue(e.getMessage().contains("java.lang.StringBuilder"), e.getMessage());
    }

    @Test
    void aRecordOutsideTheAllowListIsRefusedWithoutLoadingItsClass() {
        Term allowed = TermCodec.encode(new Allowed("x", List.of()));
        Term t = allowed.toBuilder().setRecord(allowed.getRecord().toBuilder().setType("com.example.Evil")).build();
        var e = assertThrows(IllegalArgumentException.class, () -> codec.decode(t));
        assertTrue(e.getMessage().contains("not allowed"), e.getMessage());
        Term missing = t.toBuilder().setRecord(t.getRecord().toBuilder().setType("dev.weft.NoSuchRecord")).build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> codec.decode(missing)).getMessage().contains("not on this node's classpath"));
    }

    @Test
    void anEnumOutsideTheAllowListOrWithAnUnknownConstantIsRefused() {
        Term green = TermCodec.encode(Colour.GREEN);
        Term evil = green.toBuilder().setConstant(green.getConstant().toBuilder().setType("com.example.Evil")).build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> codec.decode(evil)).getMessage().contains("not allowed"));
        Term blue = green.toBuilder().setConstant(green.getConstant().toBuilder().setName("BLUE")).build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> codec.decode(blue)).getMessage().contains("no constant BLUE"));
    }

    @Test
    void aSerializableLambdaTravelsAsATermWithItsCapturedValues() throws Exception {
        int base = 40;
        Rpc.Fn<Integer> fn = () -> base + 2;
        Tuple back = (Tuple) roundTrip(Tuple.of(Atom.of("fun"), fn));
        assertEquals(42, ((java.util.function.Supplier<?>) back.get(1)).get());
        var denying = new TermCodec(List.of(), List.of("com.example."), getClass().getClassLoader());
        Term t = TermCodec.encode(fn);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> denying.decode(t)).getMessage().contains("not allowed"));
        java.util.function.Supplier<Integer> plain = () -> base;
        assertThrows(IllegalArgumentException.class, () -> TermCodec.encode(plain), "a lambda that is not serializable is not a term");
    }
}
