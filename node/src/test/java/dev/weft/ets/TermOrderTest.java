package dev.weft.ets;

import static org.junit.jupiter.api.Assertions.*;

import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import dev.weft.term.Tuple;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TermOrderTest {
    static final TermOrder ORDER = TermOrder.INSTANCE;

    @Test
    void kindsSortAsOnTheBeam() {
        // number < atom < reference < fun < port < pid < tuple < map < list < bitstring
        Pid pid = new Pid(Atom.of("nonode@nohost"), 80, 0);
        Ref ref = new Ref(Atom.of("nonode@nohost"), 5, 0);
        Runnable fun = () -> { };
        List<Object> expected = List.of(-1, 2.5, 3L, Atom.of("a"), ref, fun, pid, Tuple.of(9), Map.of(), List.of(), List.of(1), "bin");
        List<Object> shuffled = new ArrayList<>(expected);
        Collections.reverse(shuffled);
        shuffled.sort(ORDER);
        assertEquals(expected, shuffled);
    }

    @Test
    void refsFromDifferentNodesDiffer() {
        Ref here = new Ref(Atom.of("a@127.0.0.1"), 5, 1), there = new Ref(Atom.of("b@127.0.0.1"), 5, 1);
        assertTrue(ORDER.compare(here, there) < 0);
        assertEquals(0, ORDER.compare(here, new Ref(Atom.of("a@127.0.0.1"), 5, 1)));
    }

    @Test
    void numbersCompareByValueAcrossJavaClasses() {
        assertEquals(0, ORDER.compare(1, 1L));
        assertEquals(0, ORDER.compare(1, 1.0));
        assertEquals(0, ORDER.compare(BigInteger.TWO, 2.0));
        assertEquals(0, ORDER.compare(0.0, -0.0));
        assertTrue(ORDER.compare(Long.MAX_VALUE, BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE)) < 0);
        assertTrue(ORDER.compare(9007199254740993L, 9007199254740992.0) > 0);   // beyond double precision
    }

    @Test
    void tuplesCompareBySizeFirstListsElementByElement() {
        assertTrue(ORDER.compare(Tuple.of(9, 9), Tuple.of(1, 1, 1)) < 0);
        assertTrue(ORDER.compare(Tuple.of(1, 2), Tuple.of(1, 3)) < 0);
        assertTrue(ORDER.compare(List.of(1, 2, 3), List.of(1, 3)) < 0);
        assertTrue(ORDER.compare(List.of(1), List.of(1, 0)) < 0);
    }

    @Test
    void mapsCompareBySizeThenKeysThenValues() {
        assertTrue(ORDER.compare(Map.of(9, 9), Map.of(1, 1, 2, 2)) < 0);
        assertTrue(ORDER.compare(Map.of(1, 5), Map.of(2, 0)) < 0);
        assertTrue(ORDER.compare(Map.of(1, 5), Map.of(1, 6)) < 0);
    }

    @Test
    void atomsAndBinariesCompareByTheirText() {
        assertTrue(ORDER.compare(Atom.of("abc"), Atom.of("abd")) < 0);
        assertTrue(ORDER.compare(Atom.of("ab"), Atom.of("abc")) < 0);
        assertEquals(0, ORDER.compare(null, Atom.of("nil")));
        assertEquals(0, ORDER.compare(true, Atom.of("true")));
        assertEquals(0, ORDER.compare("ab", new byte[] {'a', 'b'}));
        assertTrue(ORDER.compare("é", "z") > 0);                                  // UTF-8 bytes, unsigned
    }
}
