package dev.weft.term;

import static org.junit.jupiter.api.Assertions.*;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InspectTest {
    record Point(int x, int y) {}

    @Test
    void atomsPrintWithAColonAndQuoteWhenNeeded() {
        assertEquals(":hello", Atom.of("hello").toString());
        assertEquals(":\"hello world\"", Atom.of("hello world").toString());
        assertEquals(":ok?", Atom.of("ok?").toString());
        assertSame(Atom.of("x"), Atom.of("x"));
    }

    @Test
    void tuplesListsAndMapsPrintLikeElixir() {
        assertEquals("{:hello, \"world\"}", Tuple.of(Atom.of("hello"), "world").toString());
        assertEquals("[1, 2, 3]", Inspect.inspect(List.of(1, 2, 3)));
        assertEquals("%{a: 1}", Inspect.inspect(Map.of(Atom.of("a"), 1)));
        Map<Object, Object> mixed = new LinkedHashMap<>();
        mixed.put("k", 1);
        mixed.put(2, Atom.of("v"));
        assertEquals("%{\"k\" => 1, 2 => :v}", Inspect.inspect(mixed));
        assertEquals("nil", Inspect.inspect(null));
        assertEquals("<<1, 255>>", Inspect.inspect(new byte[] {1, (byte) 255}));
    }

    @Test
    void stringsAreQuotedAndEscaped() {
        assertEquals("\"a\\\"b\\n\"", Inspect.inspect("a\"b\n"));
        assertEquals("\"\\#{x}\"", Inspect.inspect("#{x}"));
    }

    @Test
    void recordsPrintAsStructsAndPidsAsPids() {
        assertEquals("%Point{x: 1, y: 2}", Inspect.inspect(new Point(1, 2)));
        Pid pid = new Pid(NodeNames.local(), 84, 0);
        assertEquals("#PID<0.84.0>", Inspect.inspect(pid));
        assertEquals("[#PID<0.84.0>]", Inspect.inspect(List.of(pid)));
        Pid remote = new Pid(Atom.of("other@host"), 7, 1);
        assertTrue(remote.toString().matches("#PID<[1-9]\\d*\\.7\\.0>"), remote.toString());
    }

    @Test
    void tuplesCompareByValue() {
        assertEquals(Tuple.of(1, "a"), Tuple.of(1, "a"));
        assertNotEquals(Tuple.of(1, "a"), Tuple.of(1, "b"));
        assertEquals(Tuple.of(1, "a").hashCode(), Tuple.of(1, "a").hashCode());
        assertTrue(Tuple.of(Atom.OK, 1).is(Atom.OK, 2));
        assertFalse(Tuple.of(Atom.OK, 1).is(Atom.OK, 3));
    }
}
