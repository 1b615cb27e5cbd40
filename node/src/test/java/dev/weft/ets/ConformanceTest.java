package dev.weft.ets;

import static dev.weft.process.Kernel.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.weft.process.Down;
import dev.weft.process.Spawned;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Tuple;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * ETS checked against the real BEAM: each case ran first as Erlang/OTP 25 ({@code ets:*}), and the
 * BEAM's answer is the one asserted (quoted in each test's comment). A {@code badarg} is an
 * {@link IllegalArgumentException}; see {@link Ets} for where Weft differs by design.
 */
class ConformanceTest {
    static final Atom A = Atom.of("a");
    static final Atom B = Atom.of("b");
    static final Atom K = Atom.of("k");

    static Tid table(Option... options) {
        return Ets.newTable(Atom.of("conformance"), options);
    }

    /** What {@code fn} returns when run in a new process, or the exception it throws there. */
    static Object inOtherProcess(Supplier<Object> fn) {
        Pid me = self();
        spawn(() -> {
            Object r;
            try {
                r = fn.get();
            } catch (RuntimeException e) {
                r = e.getClass();
            }
            send(me, Tuple.of(Atom.of("result"), r));
        });
        Tuple t = receive(m -> m instanceof Tuple x && x.is(Atom.of("result"), 2) ? x : NO_MATCH, Duration.ofSeconds(5), () -> null);
        assertNotNull(t);
        return t.get(1);
    }

    @Test
    void oneAndOnePointZeroAreTwoKeysInASetAndOneInAnOrderedSet() {
        // set: insert {1, a}, {1.0, b} #=> both; ordered_set #=> [{1.0, b}], lookup(O, 1) #=> [{1.0, b}]
        Tid s = table();
        Ets.insert(s, Tuple.of(1, A));
        Ets.insert(s, Tuple.of(1.0, B));
        assertEquals(Set.of(Tuple.of(1, A), Tuple.of(1.0, B)), new HashSet<>(Ets.tab2list(s)));
        Tid o = table(TableType.ORDERED_SET);
        Ets.insert(o, Tuple.of(1, A));
        Ets.insert(o, Tuple.of(1.0, B));
        assertEquals(List.of(Tuple.of(1.0, B)), Ets.tab2list(o));
        assertEquals(List.of(Tuple.of(1.0, B)), Ets.lookup(o, 1));
    }

    @Test
    void bagsDropDuplicatesAndDuplicateBagsKeepThem() {
        // bag: insert [{k, a}, {k, a}, {k, b}] #=> [{k, b}, {k, a}] (a list goes into a bag last first); duplicate_bag: {k, a} twice #=> both
        Tid bag = table(TableType.BAG);
        Ets.insert(bag, List.of(Tuple.of(K, A), Tuple.of(K, A), Tuple.of(K, B)));
        assertEquals(List.of(Tuple.of(K, B), Tuple.of(K, A)), Ets.lookup(bag, K));
        Tid dbag = table(TableType.DUPLICATE_BAG);
        Ets.insert(dbag, List.of(Tuple.of(K, A), Tuple.of(K, A)));
        assertEquals(List.of(Tuple.of(K, A), Tuple.of(K, A)), Ets.lookup(dbag, K));
        // lookup_element(B, k, 2) #=> [b, a]
        assertEquals(List.of(B, A), Ets.lookupElement(bag, K, 2));
        // delete_object(B, {k, a}) #=> [{k, b}]; in the duplicate bag with {k, b} added, every {k, a} goes
        Ets.deleteObject(bag, Tuple.of(K, A));
        assertEquals(List.of(Tuple.of(K, B)), Ets.lookup(bag, K));
        Ets.insert(dbag, Tuple.of(K, B));
        Ets.deleteObject(dbag, Tuple.of(K, A));
        assertEquals(List.of(Tuple.of(K, B)), Ets.lookup(dbag, K));
        // match(B, {'$1', '$2'}) #=> [[k, b]]; select_count of everything #=> 1
        assertEquals(List.of(List.of(K, B)), Ets.match(bag, Tuple.of(Atom.of("$1"), Atom.of("$2"))));
        assertEquals(1, Ets.selectCount(bag, o -> true));
    }

    @Test
    void countersAndElementsOfMissingKeys() {
        Tid s = table();
        Ets.insert(s, Tuple.of(1, A));
        // update_counter(S, zz, 1) #=> badarg; with default {zz, 10} #=> 11; of a non-integer #=> badarg
        assertThrows(IllegalArgumentException.class, () -> Ets.updateCounter(s, Atom.of("zz"), 1));
        assertEquals(11, Ets.updateCounter(s, Atom.of("zz"), 1, Tuple.of(Atom.of("zz"), 10)));
        assertThrows(IllegalArgumentException.class, () -> Ets.updateCounter(s, 1, 1));
        // lookup_element of a missing key or past the end #=> badarg
        assertThrows(IllegalArgumentException.class, () -> Ets.lookupElement(s, Atom.of("nope"), 2));
        assertThrows(IllegalArgumentException.class, () -> Ets.lookupElement(s, 1, 5));
        // update_element(S, nope, {2, x}) #=> false; of the key position #=> badarg
        assertFalse(Ets.updateElement(s, Atom.of("nope"), 2, Atom.of("x")));
        assertThrows(IllegalArgumentException.class, () -> Ets.updateElement(s, 1, 1, Atom.of("x")));
        // insert(S, {}) #=> badarg
        assertThrows(IllegalArgumentException.class, () -> Ets.insert(s, Tuple.of()));
        // lookup of a missing key #=> []; insert_new of an existing key #=> false
        assertEquals(List.of(), Ets.lookup(s, Atom.of("zz_missing")));
        assertFalse(Ets.insertNew(s, Tuple.of(1, Atom.of("z"))));
        // take(S, 1) #=> [{1, a}], then #=> []
        assertEquals(List.of(Tuple.of(1, A)), Ets.take(s, 1));
        assertEquals(List.of(), Ets.take(s, 1));
    }

    @Test
    void walkingTables() {
        // first of an empty table #=> :"$end_of_table"; next(set, missing) #=> badarg
        assertEquals(Ets.END_OF_TABLE, Ets.first(table()));
        Tid s = table();
        Ets.insert(s, Tuple.of(1, A));
        assertThrows(IllegalArgumentException.class, () -> Ets.next(s, Atom.of("nope")));
        // ordered_set {1.0, b}: next(O, 0) #=> 1.0; next(O, 1) #=> :"$end_of_table"
        Tid o = table(TableType.ORDERED_SET);
        Ets.insert(o, Tuple.of(1.0, B));
        assertEquals(1.0, Ets.next(o, 0));
        assertEquals(Ets.END_OF_TABLE, Ets.next(o, 1));
        // ordered_set [1, 2, 3]: {last, prev(1), prev(3), next(3)} #=> {3, :"$end_of_table", 2, :"$end_of_table"}
        Tid o3 = table(TableType.ORDERED_SET);
        Ets.insert(o3, List.of(Tuple.of(1), Tuple.of(2), Tuple.of(3)));
        assertEquals(List.of(3, Ets.END_OF_TABLE, 2, Ets.END_OF_TABLE),
                List.of(Ets.last(o3), Ets.prev(o3, 1), Ets.prev(o3, 3), Ets.next(o3, 3)));
        // an ordered_set is in term order: numbers < atoms < tuples < lists
        Tid order = table(TableType.ORDERED_SET);
        Ets.insert(order, List.of(Tuple.of(B), Tuple.of(1), Tuple.of(A), Tuple.of(2.5), Tuple.of(Tuple.of(Atom.of("t"))), Tuple.of(List.of(Atom.of("l")))));
        assertEquals(List.of(Tuple.of(1), Tuple.of(2.5), Tuple.of(A), Tuple.of(B), Tuple.of(Tuple.of(Atom.of("t"))), Tuple.of(List.of(Atom.of("l")))),
                Ets.tab2list(order));
    }

    @Test
    void tablesNamesAccessAndOwners() {
        // delete of a table that does not exist #=> badarg; info #=> :undefined (Weft: null)
        Atom none = Atom.of("conformance_no_such_tab");
        assertThrows(IllegalArgumentException.class, () -> Ets.delete(none));
        assertNull(Ets.info(none));
        // a second named table with a taken name #=> badarg
        Atom nt = Atom.of("conformance_nt");
        Tid named = Ets.newTable(nt, Option.NAMED_TABLE);
        assertThrows(IllegalArgumentException.class, () -> Ets.newTable(nt, Option.NAMED_TABLE));
        // rename of a named table #=> the new name
        Atom renamed = Atom.of("conformance_nt2");
        assertEquals(renamed, Ets.rename(named, renamed));
        Ets.delete(renamed);
        // another process writing a protected table, or reading a private one #=> badarg
        Tid prot = table(Access.PROTECTED);
        assertEquals(IllegalArgumentException.class, inOtherProcess(() -> Ets.insert(prot, Tuple.of(1))));
        Tid priv = table(Access.PRIVATE);
        assertEquals(IllegalArgumentException.class, inOtherProcess(() -> Ets.lookup(priv, 1)));
        // the owner exits #=> info(T) #=> :undefined
        Tid[] orphan = new Tid[1];
        Spawned owner = spawnMonitor(() -> orphan[0] = table(Access.PUBLIC));
        Down d = receive(m -> m instanceof Down x && x.ref().equals(owner.ref()) ? x : NO_MATCH, Duration.ofSeconds(5), () -> null);
        assertNotNull(d);
        org.awaitility.Awaitility.await().until(() -> Ets.info(orphan[0]) == null);
    }

    @Test
    void aListInsertedIntoABagAddsItsObjectsLastFirst() {
        // bag: insert [{m,1},{m,2}], then [{m,3},{m,4}] #=> [{m,2},{m,1},{m,4},{m,3}]; {m,1} then {m,2} one by one #=> in order
        Atom m = Atom.of("m");
        Tid bag = table(TableType.BAG);
        Ets.insert(bag, List.of(Tuple.of(m, 1), Tuple.of(m, 2)));
        Ets.insert(bag, List.of(Tuple.of(m, 3), Tuple.of(m, 4)));
        assertEquals(List.of(Tuple.of(m, 2), Tuple.of(m, 1), Tuple.of(m, 4), Tuple.of(m, 3)), Ets.lookup(bag, m));
        Tid oneByOne = table(TableType.BAG);
        Ets.insert(oneByOne, Tuple.of(m, 1));
        Ets.insert(oneByOne, Tuple.of(m, 2));
        assertEquals(List.of(Tuple.of(m, 1), Tuple.of(m, 2)), Ets.lookup(oneByOne, m));
        // bag: insert_new [{m,1},{m,2},{m,3}] #=> [{m,3},{m,2},{m,1}]; duplicate_bag keeps the list's order either way
        Tid fresh = table(TableType.BAG);
        assertTrue(Ets.insertNew(fresh, List.of(Tuple.of(m, 1), Tuple.of(m, 2), Tuple.of(m, 3))));
        assertEquals(List.of(Tuple.of(m, 3), Tuple.of(m, 2), Tuple.of(m, 1)), Ets.lookup(fresh, m));
        Tid dbag = table(TableType.DUPLICATE_BAG);
        Ets.insertNew(dbag, List.of(Tuple.of(m, 1), Tuple.of(m, 2), Tuple.of(m, 3)));
        assertEquals(List.of(Tuple.of(m, 1), Tuple.of(m, 2), Tuple.of(m, 3)), Ets.lookup(dbag, m));
        // bag: insert_new {k, 2} where {k, 1} is there #=> false
        Ets.insert(oneByOne, Tuple.of(K, 1));
        assertFalse(Ets.insertNew(oneByOne, Tuple.of(K, 2)));
    }

    @Test
    void insertNewOfAListIsAllOrNothingAndTheLastObjectOfAKeyWins() {
        // set: insert_new [{a,1},{a,2}] #=> true, lookup a #=> [{a,2}]; insert_new [{b,1},{a,3}] #=> false, lookup b #=> []
        Tid s = table();
        assertTrue(Ets.insertNew(s, List.of(Tuple.of(A, 1), Tuple.of(A, 2))));
        assertEquals(List.of(Tuple.of(A, 2)), Ets.lookup(s, A));
        assertFalse(Ets.insertNew(s, List.of(Tuple.of(B, 1), Tuple.of(A, 3))));
        assertEquals(List.of(), Ets.lookup(s, B));
        // insert [] #=> true; insert_new [] #=> true; insert [{a}, b] #=> badarg and nothing inserted
        assertTrue(Ets.insert(s, List.of()));
        assertTrue(Ets.insertNew(s, List.of()));
        Tid t = table();
        @SuppressWarnings("unchecked") List<Tuple> bad = (List<Tuple>) (List<?>) List.of(Tuple.of(A), B);
        assertThrows(IllegalArgumentException.class, () -> Ets.insert(t, bad));
        assertEquals(List.of(), Ets.tab2list(t));
        // {keypos, 2}: insert {a} #=> badarg
        assertThrows(IllegalArgumentException.class, () -> Ets.insert(table(new Option.Keypos(2)), Tuple.of(A)));
    }

    @Test
    void updateCounterInEveryForm() {
        Atom c = Atom.of("c");
        Tid s = table();
        Ets.insert(s, Tuple.of(c, 0));
        // update_counter(S, c, [{2,1},{2,1}]) #=> [1,2]; [] #=> []; [] on a missing key #=> badarg
        assertEquals(List.of(1L, 2L), Ets.updateCounter(s, c, List.of(new Incr(2, 1), new Incr(2, 1)), null));
        assertEquals(List.of(), Ets.updateCounter(s, c, List.of(), null));
        assertThrows(IllegalArgumentException.class, () -> Ets.updateCounter(s, Atom.of("zz"), List.of(), null));
        // {d, 0}: {2, -1, 0, 10} #=> 10; {e, 5}: {2, 0, 4, 1} #=> 1
        Ets.insert(s, List.of(Tuple.of(Atom.of("d"), 0), Tuple.of(Atom.of("e"), 5)));
        assertEquals(List.of(10L), Ets.updateCounter(s, Atom.of("d"), List.of(new Incr(2, -1, 0L, 10L)), null));
        assertEquals(List.of(1L), Ets.updateCounter(s, Atom.of("e"), List.of(new Incr(2, 0, 4L, 1L)), null));
        // default {f} (too short) #=> badarg; default {g, x} #=> badarg; a default for a key that is there is ignored: c #=> 3
        assertThrows(IllegalArgumentException.class, () -> Ets.updateCounter(s, Atom.of("f"), 1, Tuple.of(Atom.of("f"))));
        assertThrows(IllegalArgumentException.class, () -> Ets.updateCounter(s, Atom.of("g"), 1, Tuple.of(Atom.of("g"), Atom.of("x"))));
        assertEquals(3, Ets.updateCounter(s, c, 1, Tuple.of(c, 100)));
        // [{2,1},{3,5}] with default {h, 0, 10} #=> [1, 15]
        assertEquals(List.of(1L, 15L), Ets.updateCounter(s, Atom.of("h"), List.of(new Incr(2, 1), new Incr(3, 5)), Tuple.of(Atom.of("h"), 0, 10)));
        // a float counter, position 5 of {c, 3}, position 0 #=> badarg
        Ets.insert(s, Tuple.of(Atom.of("i"), 1.0));
        assertThrows(IllegalArgumentException.class, () -> Ets.updateCounter(s, Atom.of("i"), 1));
        assertThrows(IllegalArgumentException.class, () -> Ets.updateCounter(s, c, List.of(new Incr(5, 1)), null));
        assertThrows(IllegalArgumentException.class, () -> Ets.updateCounter(s, c, List.of(new Incr(0, 1)), null));
        // {keypos, 2}: update_counter(T, key, 1, {0, x, 0}) #=> 1, tab2list #=> [{0, key, 1}]
        Tid k2 = table(new Option.Keypos(2));
        assertEquals(1, Ets.updateCounter(k2, K, 1, Tuple.of(0, Atom.of("x"), 0)));
        assertEquals(List.of(Tuple.of(0, K, 1L)), Ets.tab2list(k2));
        // ordered_set {1, 5}: update_counter(O, 1.0, 1) #=> 6, [{1, 6}]; empty, with default {7, 5} #=> 6, [{1.0, 6}]; {1, 1} #=> badarg
        Tid o = table(TableType.ORDERED_SET);
        Ets.insert(o, Tuple.of(1, 5));
        assertEquals(6, Ets.updateCounter(o, 1.0, 1));
        assertEquals(List.of(Tuple.of(1, 6L)), Ets.tab2list(o));
        assertThrows(IllegalArgumentException.class, () -> Ets.updateCounter(o, 1, List.of(new Incr(1, 1)), null));
        Tid o2 = table(TableType.ORDERED_SET);
        assertEquals(6, Ets.updateCounter(o2, 1.0, 1, Tuple.of(7, 5)));
        assertEquals(List.of(Tuple.of(1.0, 6L)), Ets.tab2list(o2));
        // a bag #=> badarg
        Tid bag = table(TableType.BAG);
        Ets.insert(bag, Tuple.of(K, 1));
        assertThrows(IllegalArgumentException.class, () -> Ets.updateCounter(bag, K, 1));
        // one op, not a list: update_counter(T, k, {2, 1}, {k, 0}) #=> 1; then {3, 1} with default {k, 0, 7} #=> badarg, [{k, 1}]
        Tid one = table();
        assertEquals(1, Ets.updateCounter(one, K, new Incr(2, 1), Tuple.of(K, 0)));
        assertThrows(IllegalArgumentException.class, () -> Ets.updateCounter(one, K, new Incr(3, 1), Tuple.of(K, 0, 7)));
        assertEquals(List.of(Tuple.of(K, 1L)), Ets.lookup(one, K));
    }

    @Test
    void aDeadOwnersTableIsGoneByTheTimeItsDownArrives() {
        // spawn_monitor an owner of named table wdn, kill it, receive the DOWN:
        // whereis(wdn) #=> undefined, lists:member(T, ets:all()) #=> false, info(T) #=> undefined, info(wdn) #=> undefined
        Atom wdn = Atom.of("conformance_wdn");
        Pid me = self();
        Spawned owner = spawnMonitor(() -> {
            send(me, Tuple.of(Atom.of("t"), Ets.newTable(wdn, Option.NAMED_TABLE)));
            receive(m -> NO_MATCH, Duration.ofSeconds(5), () -> null);
        });
        Tuple made = receive(m -> m instanceof Tuple x && x.is(Atom.of("t"), 2) ? x : NO_MATCH, Duration.ofSeconds(5), () -> null);
        Tid t = (Tid) made.get(1);
        exit(owner.pid(), Atom.of("kill"));
        receive(m -> m instanceof Down x && x.ref().equals(owner.ref()) ? x : NO_MATCH, Duration.ofSeconds(5), () -> null);
        assertNull(Ets.whereis(wdn));
        assertFalse(Ets.all().contains(t));
        assertNull(Ets.info(t));
        assertNull(Ets.info(wdn));
    }

    @Test
    void updateElementInEveryForm() {
        Atom j = Atom.of("j");
        Tid s = table();
        Ets.insert(s, Tuple.of(j, 1, 2));
        // {1, j} (the key, even unchanged), {0, _}, {9, _} #=> badarg
        assertThrows(IllegalArgumentException.class, () -> Ets.updateElement(s, j, 1, j));
        assertThrows(IllegalArgumentException.class, () -> Ets.updateElement(s, j, 0, A));
        assertThrows(IllegalArgumentException.class, () -> Ets.updateElement(s, j, 9, A));
        // [{2, x}, {3, y}, {2, z}] #=> true, {j, z, y}; [{2, x}, {1, j}] #=> badarg
        assertTrue(Ets.updateElement(s, j, List.of(Tuple.of(2, Atom.of("x")), Tuple.of(3, Atom.of("y")), Tuple.of(2, Atom.of("z")))));
        assertEquals(List.of(Tuple.of(j, Atom.of("z"), Atom.of("y"))), Ets.lookup(s, j));
        assertThrows(IllegalArgumentException.class, () -> Ets.updateElement(s, j, List.of(Tuple.of(2, Atom.of("x")), Tuple.of(1, j))));
        assertEquals(List.of(Tuple.of(j, Atom.of("z"), Atom.of("y"))), Ets.lookup(s, j));
        // a bag #=> badarg
        Tid bag = table(TableType.BAG);
        Ets.insert(bag, Tuple.of(K, 1));
        assertThrows(IllegalArgumentException.class, () -> Ets.updateElement(bag, K, 2, 3));
    }

    @Test
    void keysCompareExactlyInASetAndByValueInAnOrderedSet() {
        // OTP 25: 0.0 =:= -0.0. set {0.0, a}: lookup(-0.0) #=> [{0.0, a}], member #=> true; insert {-0.0, b} #=> [{-0.0, b}]
        Tid s = table();
        Ets.insert(s, Tuple.of(0.0, A));
        assertEquals(List.of(Tuple.of(0.0, A)), Ets.lookup(s, -0.0));
        assertTrue(Ets.member(s, -0.0));
        Ets.insert(s, Tuple.of(-0.0, B));
        assertEquals(List.of(Tuple.of(-0.0, B)), Ets.tab2list(s));
        // ordered_set: the same #=> [{-0.0, b}]; bag {0.0, a}, {-0.0, a} #=> [{0.0, a}]
        Tid o = table(TableType.ORDERED_SET);
        Ets.insert(o, Tuple.of(0.0, A));
        Ets.insert(o, Tuple.of(-0.0, B));
        assertEquals(List.of(Tuple.of(-0.0, B)), Ets.tab2list(o));
        Tid bag = table(TableType.BAG);
        Ets.insert(bag, Tuple.of(0.0, A));
        Ets.insert(bag, Tuple.of(-0.0, A));
        assertEquals(List.of(Tuple.of(0.0, A)), Ets.tab2list(bag));
        // keys {1} and {1.0}: a set #=> 2 objects; an ordered_set #=> [{{1.0}, b}]
        Tid s2 = table();
        Ets.insert(s2, List.of(Tuple.of(Tuple.of(1), A), Tuple.of(Tuple.of(1.0), B)));
        assertEquals(2, Ets.tab2list(s2).size());
        Tid o2 = table(TableType.ORDERED_SET);
        Ets.insert(o2, Tuple.of(Tuple.of(1), A));
        Ets.insert(o2, Tuple.of(Tuple.of(1.0), B));
        assertEquals(List.of(Tuple.of(Tuple.of(1.0), B)), Ets.tab2list(o2));
        // ordered_set {1, a}: delete_object {1.0, a} #=> kept; insert_new {1.0, b} #=> false; member(1.0) #=> true;
        // lookup_element(1.0, 2) #=> a; match {1.0, '$1'} #=> []; match_object {'_', 1.0} of {2, 1} #=> []; take(1.0) #=> [{1, a}]
        Tid o3 = table(TableType.ORDERED_SET);
        Ets.insert(o3, List.of(Tuple.of(1, A), Tuple.of(2, 1)));
        Ets.deleteObject(o3, Tuple.of(1.0, A));
        assertEquals(List.of(Tuple.of(1, A)), Ets.lookup(o3, 1));
        assertFalse(Ets.insertNew(o3, Tuple.of(1.0, B)));
        assertTrue(Ets.member(o3, 1.0));
        assertEquals(A, Ets.lookupElement(o3, 1.0, 2));
        assertEquals(List.of(), Ets.match(o3, Tuple.of(1.0, Atom.of("$1"))));
        assertEquals(List.of(), Ets.matchObject(o3, Tuple.of(Atom.of("_"), 1.0)));
        assertEquals(List.of(Tuple.of(1, A)), Ets.take(o3, 1.0));
        // set {1, a}: insert_new {1.0, b} #=> true
        Tid s3 = table();
        Ets.insert(s3, Tuple.of(1, A));
        assertTrue(Ets.insertNew(s3, Tuple.of(1.0, B)));
    }

    @Test
    void anOrderedSetWalksEveryKindOfTermInOrder() {
        // [{2},{1.5},{1},{a},{<<"b">>},{[]},{#{}},{{1,2}},{{1}}] #=> [{1},{1.5},{2},{a},{{1}},{{1,2}},{#{}},{[]},{<<"b">>}]
        Tid o = table(TableType.ORDERED_SET);
        Ets.insert(o, List.of(Tuple.of(2), Tuple.of(1.5), Tuple.of(1), Tuple.of(A), Tuple.of("b"), Tuple.of(List.of()),
                Tuple.of(java.util.Map.of()), Tuple.of(Tuple.of(1, 2)), Tuple.of(Tuple.of(1))));
        assertEquals(List.of(Tuple.of(1), Tuple.of(1.5), Tuple.of(2), Tuple.of(A), Tuple.of(Tuple.of(1)), Tuple.of(Tuple.of(1, 2)),
                Tuple.of(java.util.Map.of()), Tuple.of(List.of()), Tuple.of("b")), Ets.tab2list(o));
        // [{5},{7}]: next(0) #=> 5, prev(6) #=> 5, prev(100) #=> 7, next(a) #=> :"$end_of_table"
        Tid o2 = table(TableType.ORDERED_SET);
        Ets.insert(o2, List.of(Tuple.of(5), Tuple.of(7)));
        assertEquals(List.of(5, 5, 7, Ets.END_OF_TABLE), List.of(Ets.next(o2, 0), Ets.prev(o2, 6), Ets.prev(o2, 100), Ets.next(o2, A)));
        // set: prev of a missing key #=> badarg; bag {k, 1}: first #=> k, next(k) #=> :"$end_of_table", next(nope) #=> badarg
        assertThrows(IllegalArgumentException.class, () -> Ets.prev(table(), A));
        Tid bag = table(TableType.BAG);
        Ets.insert(bag, Tuple.of(K, 1));
        assertEquals(K, Ets.first(bag));
        assertEquals(Ets.END_OF_TABLE, Ets.next(bag, K));
        assertThrows(IllegalArgumentException.class, () -> Ets.next(bag, Atom.of("nope")));
    }

    @Test
    void foldlAndFoldrWalkAnOrderedSetBothWays() {
        // ordered_set [{1},{2},{3}]: foldl(fun({X}, A) -> [X | A] end, []) #=> [3,2,1]; foldr #=> [1,2,3]
        Tid o = table(TableType.ORDERED_SET);
        Ets.insert(o, List.of(Tuple.of(1), Tuple.of(2), Tuple.of(3)));
        java.util.function.BiFunction<Tuple, List<Object>, List<Object>> cons = (x, acc) -> {
            List<Object> out = new java.util.ArrayList<>(List.of(x.get(0)));
            out.addAll(acc);
            return out;
        };
        assertEquals(List.of(3, 2, 1), Ets.foldl(o, List.of(), cons));
        assertEquals(List.of(1, 2, 3), Ets.foldr(o, List.of(), cons));
    }

    @Test
    void renamingTables() {
        // rename(rs1, rs1) #=> badarg (the name is taken); rename(tk1, tk2) with tk2 taken #=> badarg
        Atom rs1 = Atom.of("conformance_rs1");
        Ets.newTable(rs1, Option.NAMED_TABLE);
        assertThrows(IllegalArgumentException.class, () -> Ets.rename(rs1, rs1));
        Atom tk1 = Atom.of("conformance_tk1"), tk2 = Atom.of("conformance_tk2");
        Ets.newTable(tk1, Option.NAMED_TABLE);
        Ets.newTable(tk2, Option.NAMED_TABLE);
        assertThrows(IllegalArgumentException.class, () -> Ets.rename(tk1, tk2));
        // rename(rn1, rn2): lookup(rn1, x) #=> badarg, whereis(rn1) #=> undefined, whereis(rn2) #=> the table
        Atom rn1 = Atom.of("conformance_rn1"), rn2 = Atom.of("conformance_rn2");
        Tid rn = Ets.newTable(rn1, Option.NAMED_TABLE);
        Ets.rename(rn1, rn2);
        assertThrows(IllegalArgumentException.class, () -> Ets.lookup(rn1, A));
        assertNull(Ets.whereis(rn1));
        assertEquals(rn, Ets.whereis(rn2));
        // an unnamed table: rename(T, un2) #=> T; info(T, name) #=> un2; whereis(un2) #=> undefined
        Atom un2 = Atom.of("conformance_un2");
        Tid un = table();
        Ets.rename(un, un2);
        assertEquals(un2, Ets.info(un, Atom.of("name")));
        assertNull(Ets.whereis(un2));
        // whereis of an unnamed table's name, of a deleted named table #=> undefined
        Ets.newTable(Atom.of("conformance_wu"));
        assertNull(Ets.whereis(Atom.of("conformance_wu")));
        Ets.delete(rn2);
        assertNull(Ets.whereis(rn2));
        Ets.delete(rs1);
        Ets.delete(tk1);
        Ets.delete(tk2);
    }

    @Test
    void infoOfOneItem() {
        // ordered_set, public, {keypos, 2} with {x, 1}: size 1, type ordered_set, named_table false, protection public,
        // keypos 2, name inf, heir none, owner self(), read_concurrency false, write_concurrency false
        Tid t = Ets.newTable(Atom.of("inf"), TableType.ORDERED_SET, Access.PUBLIC, new Option.Keypos(2));
        Ets.insert(t, Tuple.of(Atom.of("x"), 1));
        List<String> items = List.of("size", "type", "named_table", "protection", "keypos", "name", "heir", "owner", "read_concurrency", "write_concurrency");
        assertEquals(List.of(1L, Atom.of("ordered_set"), false, Atom.of("public"), 2, Atom.of("inf"), Atom.of("none"), self(), false, false),
                items.stream().map(i -> Ets.info(t, Atom.of(i))).toList());
        // info(T, bogus) #=> badarg; heir {heir, self(), x} #=> self(); info of a deleted table's size #=> undefined
        assertThrows(IllegalArgumentException.class, () -> Ets.info(t, Atom.of("bogus")));
        assertEquals(self(), Ets.info(table(new Option.Heir(self(), A)), Atom.of("heir")));
        Ets.delete(t);
        assertEquals(Atom.of("undefined"), Ets.info(t, Atom.of("size")));
        // {keypos, 0} #=> badarg
        assertThrows(IllegalArgumentException.class, () -> table(new Option.Keypos(0)));
    }

    @Test
    void aDeletedTableIsABadargToEveryOperationButInfo() {
        // first, last, tab2list, delete, delete_all_objects, lookup, insert, member, select_count #=> badarg; info #=> undefined
        Tid t = table();
        Ets.delete(t);
        List<org.junit.jupiter.api.function.Executable> ops = List.of(() -> Ets.first(t), () -> Ets.last(t), () -> Ets.tab2list(t),
                () -> Ets.delete(t), () -> Ets.deleteAllObjects(t), () -> Ets.lookup(t, 1), () -> Ets.insert(t, Tuple.of(1)),
                () -> Ets.member(t, 1), () -> Ets.selectCount(t, o -> true));
        for (var op : ops) assertThrows(IllegalArgumentException.class, op);
        assertNull(Ets.info(t));
        // delete(S, nope), delete_object(S, {nope}), delete_all_objects, match_delete #=> true; select_delete of 2 of 3 #=> 2
        Tid s = table();
        Ets.insert(s, List.of(Tuple.of(1), Tuple.of(2), Tuple.of(3)));
        assertEquals(List.of(true, true, true), List.of(Ets.delete(s, A), Ets.deleteObject(s, Tuple.of(A)), Ets.matchDelete(s, Tuple.of(A, Atom.of("_")))));
        assertEquals(2, Ets.selectDelete(s, o -> ((Integer) o.get(0)) > 1));
        assertTrue(Ets.deleteAllObjects(s));
    }

    @Test
    void whatAnotherProcessMayDo() {
        // protected {1, 0}, another process: lookup, first, tab2list, member work; delete(T, 1), update_counter,
        // delete_all_objects, take, insert_new, delete(T), rename, update_element, delete_object #=> badarg each
        Tid prot = table();
        Ets.insert(prot, Tuple.of(1, 0));
        assertEquals(List.of(List.of(Tuple.of(1, 0)), 1, List.of(Tuple.of(1, 0)), true),
                inOtherProcess(() -> List.of(Ets.lookup(prot, 1), Ets.first(prot), Ets.tab2list(prot), Ets.member(prot, 1))));
        List<Supplier<Object>> writes = List.of(() -> Ets.delete(prot, 1), () -> Ets.updateCounter(prot, 1, 1), () -> Ets.deleteAllObjects(prot),
                () -> Ets.take(prot, 1), () -> Ets.insertNew(prot, Tuple.of(2)), () -> Ets.delete(prot), () -> Ets.rename(prot, A),
                () -> Ets.updateElement(prot, 1, 2, 1), () -> Ets.deleteObject(prot, Tuple.of(1, 0)));
        for (Supplier<Object> w : writes) assertEquals(IllegalArgumentException.class, inOtherProcess(w));
        // private, another process: member, first, lookup_element, tab2list, select_count #=> badarg; info(T, size) #=> 0
        Tid priv = table(Access.PRIVATE);
        List<Supplier<Object>> reads = List.of(() -> Ets.member(priv, 1), () -> Ets.first(priv), () -> Ets.lookupElement(priv, 1, 1),
                () -> Ets.tab2list(priv), () -> Ets.selectCount(priv, o -> true));
        for (Supplier<Object> r : reads) assertEquals(IllegalArgumentException.class, inOtherProcess(r));
        assertEquals(0L, inOtherProcess(() -> Ets.info(priv, Atom.of("size"))));
        // public: another process renames it #=> the new name, and deletes it #=> true, then info #=> undefined
        Atom rp = Atom.of("conformance_rp"), rp2 = Atom.of("conformance_rp2");
        Tid pub = Ets.newTable(rp, Access.PUBLIC, Option.NAMED_TABLE);
        assertEquals(rp2, inOtherProcess(() -> Ets.rename(rp, rp2)));
        assertEquals(true, inOtherProcess(() -> Ets.delete(pub)));
        assertNull(Ets.info(pub));
    }

    @Test
    void givingTablesAwayAndInheritingThem() {
        // give_away to self(), to a dead process, or by a process that is not the owner #=> badarg; setopts by another #=> badarg
        Tid t = table(Access.PUBLIC);
        assertThrows(IllegalArgumentException.class, () -> Ets.giveAway(t, self(), A));
        Spawned dead = spawnMonitor(() -> { });
        receive(m -> m instanceof Down x && x.ref().equals(dead.ref()) ? x : NO_MATCH, Duration.ofSeconds(5), () -> null);
        assertThrows(IllegalArgumentException.class, () -> Ets.giveAway(t, dead.pid(), A));
        Pid me = self();
        assertEquals(IllegalArgumentException.class, inOtherProcess(() -> Ets.giveAway(t, me, A)));
        assertEquals(IllegalArgumentException.class, inOtherProcess(() -> Ets.setopts(t, Option.Heir.NONE)));
        // the new owner, on its ETS-TRANSFER, finds info(T, owner) =:= self() #=> true
        Pid taker = spawn(() -> {
            Tuple msg = receive(m -> m instanceof Tuple x && x.is(Tables.ETS_TRANSFER, 4) ? x : NO_MATCH, Duration.ofSeconds(5), () -> null);
            send(me, Tuple.of(Atom.of("owner"), msg != null && self().equals(Ets.info(t, Atom.of("owner")))));
            receive(m -> NO_MATCH, Duration.ofSeconds(5), () -> null);
        });
        Ets.giveAway(t, taker, A);
        assertEquals(Tuple.of(Atom.of("owner"), true), receive(m -> m instanceof Tuple x && x.is(Atom.of("owner"), 2) ? x : NO_MATCH, Duration.ofSeconds(5), () -> null));
        exit(taker, Atom.of("kill"));
        // the owner of named table nt2 with {heir, self(), hd} is killed #=> {'ETS-TRANSFER', nt2, Owner, hd}
        Atom nt2 = Atom.of("conformance_nt_heir");
        Pid owner = spawn(() -> {
            Ets.newTable(nt2, Option.NAMED_TABLE, new Option.Heir(me, Atom.of("hd")));
            send(me, Atom.of("ready"));
            receive(m -> NO_MATCH, Duration.ofSeconds(5), () -> null);
        });
        receive(m -> Atom.of("ready").equals(m) ? m : NO_MATCH, Duration.ofSeconds(5), () -> null);
        exit(owner, Atom.of("kill"));
        assertEquals(Tuple.of(Tables.ETS_TRANSFER, nt2, owner, Atom.of("hd")),
                receive(m -> m instanceof Tuple x && x.is(Tables.ETS_TRANSFER, 4) ? x : NO_MATCH, Duration.ofSeconds(5), () -> null));
        Ets.delete(nt2);
        // a table whose heir died before its owner #=> deleted with the owner: info #=> undefined
        Tid[] orphan = new Tid[1];
        Spawned owner2 = spawnMonitor(() -> orphan[0] = table(new Option.Heir(dead.pid(), A)));
        receive(m -> m instanceof Down x && x.ref().equals(owner2.ref()) ? x : NO_MATCH, Duration.ofSeconds(5), () -> null);
        org.awaitility.Awaitility.await().until(() -> Ets.info(orphan[0]) == null);
    }
}
