package dev.weft.dist;

import static org.junit.jupiter.api.Assertions.*;

import dev.weft.process.Down;
import dev.weft.process.Exit;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import dev.weft.term.Tuple;
import com.google.protobuf.ByteString;
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
        return codec.decode(ByteString.copyFrom(TermCodec.encode(term).toByteArray()));
    }

    /** What the generated protobuf classes make of {@code term}'s encoding. */
    private static Term generated(Object term) throws Exception {
        return Term.parseFrom(TermCodec.encode(term));
    }

    @Test
    void theEncodingIsTermProtoAsProtobufWritesAndReadsIt() throws Exception {
        Term t = generated(Tuple.of(Atom.of("seq"), 7L, List.of(1, "two"), new Pid(Atom.of("b@h"), 70, 1), null, false, 0L));
        assertEquals(Term.KindCase.TUPLE, t.getKindCase());
        List<Term> items = t.getTuple().getItemsList();
        assertEquals("seq", items.get(0).getAtom());
        assertEquals(7L, items.get(1).getInt());
        assertEquals(2, items.get(2).getList().getItemsCount());
        assertEquals("b@h", items.get(3).getPid().getNode().toStringUtf8());
        assertEquals(70, items.get(3).getPid().getId());
        assertTrue(items.get(4).getNil());
        assertEquals(Term.KindCase.BOOLEAN, items.get(5).getKindCase());
        assertEquals(Term.KindCase.INT, items.get(6).getKindCase());
        assertEquals(t.toByteString(), TermCodec.encode(Tuple.of(Atom.of("seq"), 7L, List.of(1, "two"), new Pid(Atom.of("b@h"), 70, 1), null, false, 0L)),
                "byte for byte what protobuf writes for the same Term");
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put(Atom.of("k"), new byte[5000]);   // a big binary: written by reference, in a rope
        map.put(1, new Allowed("x", List.of(3)));
        assertEquals(generated(map).toByteString(), TermCodec.encode(map));
        assertEquals(map.keySet(), ((Map<?, ?>) codec.decode(generated(map).toByteString())).keySet());
    }

    @Test
    void malformedOrTooDeepTermsAreRefusedWithAClearError() {
        var e = assertThrows(IllegalArgumentException.class, () -> codec.decode(ByteString.copyFrom(new byte[] {58, 9, 10})));
        assertTrue(e.getMessage().contains("malformed term"), e.getMessage());
        Object deep = List.of();
        for (int i = 0; i < TermWriter.MAX_DEPTH + 1; i++) deep = List.of(deep);
        Object tooDeep = deep;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TermCodec.encode(tooDeep)).getMessage().contains("nested"));
        Term nested = Term.newBuilder().setList(dev.weft.wire.Terms.getDefaultInstance()).build();
        for (int i = 0; i < TermWriter.MAX_DEPTH + 1; i++) nested = Term.newBuilder().setList(dev.weft.wire.Terms.newBuilder().addItems(nested)).build();
        ByteString bytes = nested.toByteString();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> codec.decode(bytes)).getMessage().contains("nested"));
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
    void aRecordOutsideTheAllowListIsRefusedWithoutLoadingItsClass() throws Exception {
        Term allowed = generated(new Allowed("x", List.of()));
        Term t = allowed.toBuilder().setRecord(allowed.getRecord().toBuilder().setType("com.example.Evil")).build();
        var e = assertThrows(IllegalArgumentException.class, () -> codec.decode(t.toByteString()));
        assertTrue(e.getMessage().contains("not allowed"), e.getMessage());
        Term missing = t.toBuilder().setRecord(t.getRecord().toBuilder().setType("dev.weft.NoSuchRecord")).build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> codec.decode(missing.toByteString())).getMessage().contains("not on this node's classpath"));
    }

    @Test
    void anEnumOutsideTheAllowListOrWithAnUnknownConstantIsRefused() throws Exception {
        Term green = generated(Colour.GREEN);
        Term evil = green.toBuilder().setConstant(green.getConstant().toBuilder().setType("com.example.Evil")).build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> codec.decode(evil.toByteString())).getMessage().contains("not allowed"));
        Term blue = green.toBuilder().setConstant(green.getConstant().toBuilder().setName("BLUE")).build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> codec.decode(blue.toByteString())).getMessage().contains("no constant BLUE"));
    }

    @Test
    void aSerializableLambdaTravelsAsATermWithItsCapturedValues() throws Exception {
        int base = 40;
        Rpc.Fn<Integer> fn = () -> base + 2;
        Tuple back = (Tuple) roundTrip(Tuple.of(Atom.of("fun"), fn));
        assertEquals(42, ((java.util.function.Supplier<?>) back.get(1)).get());
        var denying = new TermCodec(List.of(), List.of("com.example."), getClass().getClassLoader());
        ByteString t = TermCodec.encode(fn);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> denying.decode(t)).getMessage().contains("not allowed"));
        java.util.function.Supplier<Integer> plain = () -> base;
        assertThrows(IllegalArgumentException.class, () -> TermCodec.encode(plain), "a lambda that is not serializable is not a term");
    }
}
