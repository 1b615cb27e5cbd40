package dev.weft.dist;

import static org.junit.jupiter.api.Assertions.*;

import com.google.protobuf.ByteString;
import dev.weft.term.Atom;
import dev.weft.wire.LambdaTerm;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class LambdaCodecTest {
    private final LambdaCodec allowing = new LambdaCodec(List.of("dev.weft.dist."), getClass().getClassLoader(),
            new TermCodec(List.of(), List.of(), getClass().getClassLoader()));

    static final AtomicReference<Object> RAN = new AtomicReference<>();

    @Test
    void aLambdaIsRebuiltWithItsCapturedValues() {
        String word = "hello";
        int n = 41;
        Node.Fn fn = () -> RAN.set(List.of(word, n + 1, Atom.of("x")));
        Object back = allowing.decode(LambdaCodec.encode(fn));
        ((Runnable) back).run();
        assertEquals(List.of("hello", 42, Atom.of("x")), RAN.get());
        Rpc.Fn<String> supplier = () -> word + "!";
        assertEquals("hello!", ((Supplier<?>) allowing.decode(LambdaCodec.encode(supplier))).get());
    }

    @Test
    void aLambdaOfAClassOutsideTheAllowListIsRefused() {
        LambdaCodec denying = new LambdaCodec(List.of("com.example."), getClass().getClassLoader(), new TermCodec(List.of(), List.of(), null));
        Node.Fn fn = () -> RAN.set("must not run");
        var e = assertThrows(IllegalArgumentException.class, () -> denying.decode(LambdaCodec.encode(fn)));
        assertTrue(e.getMessage().contains("not allowed"), e.getMessage());
    }

    @Test
    void aLambdaFromADifferentVersionOfItsClassIsRefused() {
        Node.Fn fn = () -> RAN.set("must not run");
        LambdaTerm other = LambdaCodec.encode(fn).toBuilder().setClassDigest(ByteString.copyFromUtf8("another build")).build();
        var e = assertThrows(IllegalArgumentException.class, () -> allowing.decode(other));
        assertTrue(e.getMessage().contains("different version"), e.getMessage());
    }

    @Test
    void aLambdaWhoseClassIsMissingIsRefused() {
        Node.Fn fn = () -> RAN.set("must not run");
        LambdaTerm missing = LambdaCodec.encode(fn).toBuilder().setCapturingClass("dev.weft.dist.Gone").build();
        var e = assertThrows(IllegalArgumentException.class, () -> allowing.decode(missing));
        assertTrue(e.getMessage().contains("not on this node's classpath"), e.getMessage());
    }

    @Test
    void aLambdaCapturingAValueThatIsNotATermCannotBeEncoded() {
        Object notATerm = new Object();
        Node.Fn fn = () -> RAN.set(notATerm);
        var e = assertThrows(IllegalArgumentException.class, () -> LambdaCodec.encode(fn));
        assertTrue(e.getMessage().contains("cannot travel"), e.getMessage());
    }
}
