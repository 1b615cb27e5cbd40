package dev.weft.ets;

import static dev.weft.process.Kernel.*;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import dev.weft.process.Down;
import dev.weft.process.Spawned;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import dev.weft.term.Tuple;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EtsTest {
    static final Duration FIVE = Duration.ofSeconds(5);
    static final Atom A = Atom.of("a"), B = Atom.of("b"), C = Atom.of("c"), X = Atom.of("x"), Y = Atom.of("y");
    static final Atom ANY = Atom.of("_"), V1 = Atom.of("$1"), V2 = Atom.of("$2");
    static final Atom ETS_TRANSFER = Atom.of("ETS-TRANSFER");
    static final AtomicInteger NAMES = new AtomicInteger();

    private final List<Tid> mine = new ArrayList<>();

    /** A table owned by the test, deleted after it. */
    Tid table(Option... options) {
        Tid t = Ets.newTable(Atom.of("ets_test_" + NAMES.incrementAndGet()), options);
        mine.add(t);
        return t;
    }

    static Atom uniqueName() {
        return Atom.of("ets_named_" + NAMES.incrementAndGet());
    }

    @AfterEach
    void deleteTables() {
        for (Tid t : mine) {
            Info info = Ets.info(t);
            if (info != null && info.owner().equals(self())) Ets.delete(t);
        }
    }

    /** Runs {@code fn} in a new process and returns its result (or throws what it threw). */
    static <T> T inProcess(Supplier<T> fn) {
        CompletableFuture<T> result = new CompletableFuture<>();
        spawn(() -> {
            try {
                result.complete(fn.get());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (RuntimeException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A process that creates a table with {@code options}, sends it back, and waits for :stop. */
    static Tid ownedByAnotherProcess(Pid[] owner, Atom name, Option... options) {
        Pid me = self();
        owner[0] = spawn(() -> {
            send(me, Tuple.of(Atom.of("made"), Ets.newTable(name, options)));
            receive(m -> m == Atom.of("stop") ? m : NO_MATCH);
        });
        return receive(m -> m instanceof Tuple t && t.is(Atom.of("made"), 2) ? t.get(1) : NO_MATCH, FIVE, () -> null);
    }

    static Tuple awaitTransfer() {
        Tuple got = receive(m -> m instanceof Tuple t && t.is(ETS_TRANSFER, 4) ? t : NO_MATCH, FIVE, () -> null);
        assertNotNull(got, "no ETS-TRANSFER arrived");
        return got;
    }

    static void killAndWait(Pid pid) {
        Ref ref = monitor(pid);
        exit(pid, Atom.KILL);
        receive(m -> m instanceof Down d && d.ref().equals(ref) ? d : NO_MATCH, FIVE, () -> null);
    }

    @Test
    void theClassExampleRuns() {
        Tid users = Ets.newTable(Atom.of("users"), TableType.SET, Access.PUBLIC);
        Ets.insert(users, Tuple.of("ann", 34, Atom.of("admin")));
        Ets.insert(users, List.of(Tuple.of("bob", 28, Atom.of("user")), Tuple.of("cy", 41, Atom.of("user"))));
        assertEquals(List.of(Tuple.of("ann", 34, Atom.of("admin"))), Ets.lookup(users, "ann"));
        assertEquals(29, Ets.updateCounter(users, "bob", 1));
        assertEquals(Set.of(List.of("bob"), List.of("cy")), new HashSet<>(Ets.match(users, Tuple.of(Atom.of("$1"), Atom.of("_"), Atom.of("user")))));
        assertEquals(Set.of("ann", "cy"), new HashSet<>(Ets.select(users, o -> ((Number) o.get(1)).longValue() > 30, o -> o.get(0))));
        Ets.delete(users);
    }

    // ---------------------------------------------------------------- basics per table type

    @Test
    void aSetKeepsOneObjectPerKeyAndTheLastInsertWins() {
        Tid t = table();
        assertTrue(Ets.insert(t, Tuple.of(A, 1)));
        Ets.insert(t, Tuple.of(A, 2));
        Ets.insert(t, Tuple.of(B, 3));
        assertEquals(List.of(Tuple.of(A, 2)), Ets.lookup(t, A));
        assertEquals(List.of(), Ets.lookup(t, C));
        assertEquals(2, Ets.info(t).size());
        assertTrue(Ets.member(t, B));
        assertFalse(Ets.member(t, C));
    }

    @Test
    void aBagKeepsDistinctObjectsInInsertionOrderAndIgnoresAnIdenticalOne() {
        Tid t = table(TableType.BAG);
        Ets.insert(t, Tuple.of(A, 1));
        Ets.insert(t, Tuple.of(A, 2));
        Ets.insert(t, Tuple.of(A, 1L));                         // =:= {a, 1}: ignored, as on the BEAM
        assertEquals(List.of(Tuple.of(A, 1), Tuple.of(A, 2)), Ets.lookup(t, A));
        assertEquals(2, Ets.info(t).size());
    }

    @Test
    void aDuplicateBagKeepsDuplicatesAndDeleteObjectRemovesEveryCopy() {
        Tid t = table(TableType.DUPLICATE_BAG);
        Ets.insert(t, List.of(Tuple.of(A, 1), Tuple.of(A, 2), Tuple.of(A, 1)));
        assertEquals(List.of(Tuple.of(A, 1), Tuple.of(A, 2), Tuple.of(A, 1)), Ets.lookup(t, A));
        Ets.deleteObject(t, Tuple.of(A, 1));
        assertEquals(List.of(Tuple.of(A, 2)), Ets.lookup(t, A));
        assertEquals(1, Ets.info(t).size());
    }

    @Test
    void anOrderedSetWalksKeysInErlangTermOrderAndComparesNumbersByValue() {
        Tid t = table(TableType.ORDERED_SET);
        Ets.insert(t, List.of(Tuple.of(1, A), Tuple.of(2.0, B), Tuple.of(X, C), Tuple.of(Tuple.of(1), "d"),
                Tuple.of(List.of("l")), Tuple.of("bin", "e"), Tuple.of(1.0, "f"), Tuple.of(self(), "p")));
        List<Object> keys = Ets.tab2list(t).stream().map(o -> o.get(0)).toList();
        assertEquals(List.of(1.0, 2.0, X, self(), Tuple.of(1), List.of("l"), "bin"), keys);
        assertEquals(List.of(Tuple.of(2.0, B)), Ets.lookup(t, 2));   // 2 == 2.0 in an ordered_set
        assertEquals(2.0, Ets.next(t, 1.5));                         // the key need not be there
        assertEquals(1.0, Ets.prev(t, 1.5));
        assertEquals("bin", Ets.last(t));
        assertEquals(Ets.END_OF_TABLE, Ets.next(t, "bin"));
        assertEquals(Ets.END_OF_TABLE, Ets.prev(t, 1));
    }

    @Test
    void aSetTellsIntegersFromFloatsButNotIntegerFromLong() {
        Tid t = table();
        Ets.insert(t, List.of(Tuple.of(1, A), Tuple.of(1.0, B)));
        assertEquals(List.of(Tuple.of(1, A)), Ets.lookup(t, 1L));
        assertEquals(List.of(Tuple.of(1.0, B)), Ets.lookup(t, 1.0));
        Ets.insert(t, Tuple.of(Tuple.of(new byte[] {1, 2}, 7), C));
        assertEquals(1, Ets.lookup(t, Tuple.of(new byte[] {1, 2}, 7L)).size());
    }

    @Test
    void keyposChoosesTheKeyElement() {
        Tid t = table(new Option.Keypos(2));
        Ets.insert(t, Tuple.of("ann", A, 1));
        Ets.insert(t, Tuple.of("bob", A, 2));
        assertEquals(List.of(Tuple.of("bob", A, 2)), Ets.lookup(t, A));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ets.insert(t, Tuple.of("short")));
        assertTrue(e.getMessage().contains("not a tuple of at least 2 elements"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Ets.newTable(uniqueName(), new Option.Keypos(0)));
    }

    @Test
    void firstAndNextVisitEveryKeyOfASetOnce() {
        Tid t = table();
        for (int i = 0; i < 100; i++) Ets.insert(t, Tuple.of(i, i * i));
        Set<Object> seen = new HashSet<>();
        for (Object k = Ets.first(t); k != Ets.END_OF_TABLE; k = Ets.next(t, k)) assertTrue(seen.add(k));
        assertEquals(100, seen.size());
        assertEquals(Ets.first(t), Ets.last(t));
        assertThrows(IllegalArgumentException.class, () -> Ets.next(t, "not there"));
        assertEquals(Ets.END_OF_TABLE, Ets.first(table()));
    }

    // ---------------------------------------------------------------- writing

    @Test
    void insertNewOfAListInsertsAllOrNothing() {
        Tid t = table();
        Ets.insert(t, Tuple.of(A, 1));
        assertFalse(Ets.insertNew(t, List.of(Tuple.of(B, 1), Tuple.of(A, 2))));
        assertEquals(List.of(), Ets.lookup(t, B));
        assertTrue(Ets.insertNew(t, List.of(Tuple.of(B, 1), Tuple.of(C, 2))));
        assertFalse(Ets.insertNew(t, Tuple.of(C, 3)));
        assertEquals(List.of(Tuple.of(C, 2)), Ets.lookup(t, C));
    }

    @Test
    void aBadObjectInAListInsertsNothing() {
        Tid t = table();
        List<Tuple> objects = new ArrayList<>(List.of(Tuple.of(A, 1)));
        objects.add(Tuple.of());
        assertThrows(IllegalArgumentException.class, () -> Ets.insert(t, objects));
        assertEquals(0, Ets.info(t).size());
    }

    @Test
    void deleteTakeAndDeleteAllObjects() {
        Tid t = table(TableType.BAG);
        Ets.insert(t, List.of(Tuple.of(A, 1), Tuple.of(A, 2), Tuple.of(B, 1), Tuple.of(C, 1)));
        Ets.delete(t, B);
        assertEquals(List.of(Tuple.of(A, 2), Tuple.of(A, 1)), Ets.take(t, A));   // a list goes into a bag last first
        assertEquals(List.of(), Ets.take(t, A));
        assertEquals(List.of(Tuple.of(C, 1)), Ets.tab2list(t));
        Ets.deleteObject(t, Tuple.of(C, 2));
        assertEquals(1, Ets.info(t).size());
        Ets.deleteAllObjects(t);
        assertEquals(0, Ets.info(t).size());
        assertEquals(List.of(), Ets.tab2list(t));
    }

    @Test
    void deleteObjectInASetRemovesOnlyAnExactlyEqualObject() {
        Tid t = table();
        Ets.insert(t, Tuple.of(A, 1));
        Ets.deleteObject(t, Tuple.of(A, 1.0));
        assertEquals(List.of(Tuple.of(A, 1)), Ets.lookup(t, A));
        Ets.deleteObject(t, Tuple.of(A, 1L));
        assertEquals(List.of(), Ets.lookup(t, A));
    }

    @Test
    void lookupElementGivesTheElementOrTheBagsListAndRejectsAMissingKey() {
        Tid set = table();
        Ets.insert(set, Tuple.of(A, 1, 2));
        assertEquals(2, Ets.lookupElement(set, A, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ets.lookupElement(set, B, 2));
        assertTrue(e.getMessage().contains("not a key that exists in the table"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Ets.lookupElement(set, A, 4));
        Tid bag = table(TableType.BAG);
        Ets.insert(bag, List.of(Tuple.of(A, 1), Tuple.of(A, 2)));
        assertEquals(List.of(2, 1), Ets.lookupElement(bag, A, 2));               // a list goes into a bag last first
    }

    // ---------------------------------------------------------------- counters and elements

    @Test
    void updateCounterAddsAtKeyposPlusOneAndReturnsTheNewValue() {
        Tid t = table();
        Ets.insert(t, Tuple.of(C, 5, 10));
        assertEquals(6, Ets.updateCounter(t, C, 1));
        assertEquals(List.of(7L, 7L), Ets.updateCounter(t, C, List.of(new Incr(2, 1), new Incr(3, -20, 0L, 7L)), null));
        assertEquals(List.of(8L, 9L), Ets.updateCounter(t, C, List.of(new Incr(2, 1), new Incr(2, 1)), null));
        assertEquals(3, Ets.updateCounter(t, C, List.of(new Incr(2, 100, 50L, 3L)), null).getFirst());
        assertEquals(List.of(Tuple.of(C, 3L, 7L)), Ets.lookup(t, C));
    }

    @Test
    void updateCounterWithADefaultInsertsItUnderTheGivenKey() {
        Tid t = table();
        assertEquals(14, Ets.updateCounter(t, "nk", 4, Tuple.of("other", 10)));
        assertEquals(List.of(Tuple.of("nk", 14L)), Ets.tab2list(t));
    }

    @Test
    void updateCounterRejectsAMissingKeyTheKeyItselfANonIntegerAndABag() {
        Tid t = table();
        Ets.insert(t, List.of(Tuple.of(C, 1), Tuple.of(X, A)));
        assertThrows(IllegalArgumentException.class, () -> Ets.updateCounter(t, "nope", 1));
        assertThrows(IllegalArgumentException.class, () -> Ets.updateCounter(t, C, List.of(new Incr(1, 1)), null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ets.updateCounter(t, X, 1));
        assertTrue(e.getMessage().contains("not a 64-bit integer"), e.getMessage());
        Ets.insert(t, Tuple.of(Y, Long.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> Ets.updateCounter(t, Y, 1));
        assertEquals(List.of(Tuple.of(Y, Long.MAX_VALUE)), Ets.lookup(t, Y));
        Tid bag = table(TableType.BAG);
        Ets.insert(bag, Tuple.of(C, 1));
        assertThrows(IllegalArgumentException.class, () -> Ets.updateCounter(bag, C, 1));
    }

    @Test
    void aThousandProcessesIncrementingOneCounterLoseNoUpdate() {
        Tid t = table(Access.PUBLIC, new Option.WriteConcurrency(true));
        Ets.insert(t, Tuple.of("hits", 0));
        int procs = 1000, each = 100;
        List<Ref> refs = new ArrayList<>();
        for (int p = 0; p < procs; p++) {
            refs.add(spawnMonitor(() -> {
                for (int i = 0; i < each; i++) Ets.updateCounter(t, "hits", 1);
            }).ref());
        }
        for (Ref ref : refs) {
            Down d = receive(m -> m instanceof Down x && x.ref().equals(ref) ? x : NO_MATCH, Duration.ofSeconds(30), () -> null);
            assertEquals(Atom.NORMAL, d.reason());
        }
        assertEquals((long) procs * each, Ets.lookupElement(t, "hits", 2));
    }

    @Test
    void updateElementSetsElementsButNeverTheKey() {
        Tid t = table();
        Ets.insert(t, Tuple.of(C, 1, 2));
        assertTrue(Ets.updateElement(t, C, List.of(Tuple.of(2, A), Tuple.of(3, B), Tuple.of(2, X))));
        assertEquals(List.of(Tuple.of(C, X, B)), Ets.lookup(t, C));
        assertFalse(Ets.updateElement(t, "missing", 2, A));
        assertThrows(IllegalArgumentException.class, () -> Ets.updateElement(t, C, 1, A));
        assertThrows(IllegalArgumentException.class, () -> Ets.updateElement(t, C, 9, A));
        assertEquals(List.of(Tuple.of(C, X, B)), Ets.lookup(t, C));
    }

    // ---------------------------------------------------------------- walking and matching

    @Test
    void foldlSeesEveryObjectAndMayUseTheTable() {
        Tid t = table(TableType.ORDERED_SET);
        for (int i = 1; i <= 10; i++) Ets.insert(t, Tuple.of(i, i));
        long sum = Ets.foldl(t, 0L, (o, acc) -> {
            Ets.insert(t, Tuple.of(o.get(0), 0));               // writing from inside a fold is fine
            return acc + (Integer) o.get(1);
        });
        assertEquals(55, sum);
        assertEquals(10, Ets.info(t).size());
    }

    @Test
    void aWalkWithNextSeesKeysAddedAndRemovedAheadOfItOnTheWay() {
        // ets:next of an ordered_set gives the next key in the table as it is at the call
        Tid t = table(TableType.ORDERED_SET);
        for (int i = 0; i < 100; i += 10) Ets.insert(t, Tuple.of(i, i));
        List<Object> walked = new ArrayList<>();
        for (Object k = Ets.first(t); k != Ets.END_OF_TABLE; k = Ets.next(t, k)) {
            walked.add(k);
            switch ((Integer) k) {
                case 20 -> Ets.insert(t, Tuple.of(25, 25));       // a key ahead: walked
                case 30 -> Ets.delete(t, 40);                      // a key ahead: skipped
                case 50 -> Ets.insert(t, Tuple.of(15, 15));       // a key behind: not walked
                case 60 -> Ets.insert(t, Tuple.of(60, "again"));  // the key itself, overwritten: the walk goes on
                case 70 -> Ets.deleteAllObjects(t);                // everything: 70's next is the end
                default -> { }
            }
        }
        assertEquals(List.of(0, 10, 20, 25, 30, 50, 60, 70), walked);
    }

    @Test
    void walksOfTwoProcessesAtOnceDoNotMixAndNextOfAKeyNotThereGivesTheOneAfter() throws Exception {
        Tid t = table(TableType.ORDERED_SET);
        for (int i = 0; i < 1000; i++) Ets.insert(t, Tuple.of(i, i));
        Supplier<List<Object>> walk = () -> {
            List<Object> keys = new ArrayList<>();
            for (Object k = Ets.first(t); k != Ets.END_OF_TABLE; k = Ets.next(t, k)) keys.add(k);
            return keys;
        };
        CompletableFuture<List<Object>> other = new CompletableFuture<>();
        spawn(() -> other.complete(walk.get()));
        List<Object> here = walk.get();
        assertEquals(1000, here.size());
        assertEquals(here, other.get(5, TimeUnit.SECONDS));
        Ets.delete(t, 500);
        assertEquals(501, Ets.next(t, 499));
        assertEquals(501, Ets.next(t, 500));   // no longer there: the key after it
        assertEquals(502, Ets.next(t, 501));
    }

    @Test
    void matchBindsVariablesInNumberOrderAndWildcardsMatchAnything() {
        Tid t = table(TableType.BAG);
        Ets.insert(t, List.of(Tuple.of(A, 1, X), Tuple.of(B, 2, Y), Tuple.of(A, 3, X), Tuple.of(C, 1, 1)));
        Set<List<Object>> got = new HashSet<>(Ets.match(t, Tuple.of(V2, V1, ANY)));
        assertEquals(Set.of(List.of(1, A), List.of(2, B), List.of(3, A), List.of(1, C)), got);
        assertEquals(List.of(List.of(1)), Ets.match(t, Tuple.of(ANY, V1, V1)));           // repeated variable
        assertEquals(List.of(List.of(), List.of()), Ets.match(t, Tuple.of(A, ANY, ANY))); // key given
        assertEquals(List.of(Tuple.of(A, 3, X), Tuple.of(A, 1, X)), Ets.matchObject(t, Tuple.of(A, ANY, Atom.of("$9"))));  // list order, reversed
        assertEquals(List.of(Tuple.of(C, 1, 1)), Ets.matchObject(t, Tuple.of(ANY, 1L, BigInteger.ONE)));
        Ets.matchDelete(t, Tuple.of(A, ANY, ANY));
        assertEquals(Set.of(Tuple.of(B, 2, Y), Tuple.of(C, 1, 1)), new HashSet<>(Ets.tab2list(t)));
    }

    @Test
    void theWildcardAloneMatchesEveryObjectOfABagWalkedKeyByKey() {
        Tid t = table(TableType.BAG);
        Ets.insert(t, List.of(Tuple.of(A, 1), Tuple.of(A, 2), Tuple.of(B, 1)));
        assertEquals(3, Ets.matchObject(t, ANY).size());
        Set<Object> keys = new HashSet<>();
        for (Object k = Ets.first(t); k != Ets.END_OF_TABLE; k = Ets.next(t, k)) keys.add(k);
        assertEquals(Set.of(A, B), keys);
    }

    @Test
    void matchLooksInsideListsAndMaps() {
        Tid t = table();
        Ets.insert(t, Tuple.of(1, List.of(A, B), Map.of(X, 1, Y, 2)));
        assertEquals(List.of(List.of(B, 2)), Ets.match(t, Tuple.of(ANY, List.of(A, V1), Map.of(Y, V2))));
        assertEquals(List.of(), Ets.match(t, Tuple.of(ANY, List.of(V1), ANY)));
    }

    @Test
    void selectFiltersAndMapsCountsAndDeletes() {
        Tid t = table(TableType.ORDERED_SET);
        for (int i = 1; i <= 10; i++) Ets.insert(t, Tuple.of(i, i % 2 == 0 ? A : B));
        assertEquals(List.of(2, 4, 6, 8, 10), Ets.select(t, o -> o.get(1) == A, o -> o.get(0)));
        assertEquals(5, Ets.selectCount(t, o -> o.get(1) == B));
        assertEquals(5, Ets.selectDelete(t, o -> o.get(1) == B));
        assertEquals(List.of(Tuple.of(2, A)), Ets.select(t, o -> (Integer) o.get(0) < 3));
    }

    // ---------------------------------------------------------------- names, info, rename

    @Test
    void aNamedTableIsReachableByNameAndItsNameCannotBeTakenTwice() {
        Atom name = uniqueName();
        Tid t = Ets.newTable(name, Option.NAMED_TABLE, Access.PUBLIC);
        mine.add(t);
        Ets.insert(name, Tuple.of(A, 1));
        assertEquals(List.of(Tuple.of(A, 1)), Ets.lookup(t, A));
        assertEquals(t, Ets.whereis(name));
        assertTrue(Ets.all().contains(t));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ets.newTable(name, Option.NAMED_TABLE));
        assertTrue(e.getMessage().contains("table name already exists"), e.getMessage());
        Ets.newTable(name).hashCode();                           // an unnamed table may share the name
    }

    @Test
    void renameMovesANamedTableToItsNewName() {
        Atom old = uniqueName(), renamed = uniqueName(), taken = uniqueName();
        Tid t = Ets.newTable(old, Option.NAMED_TABLE);
        mine.add(t);
        mine.add(Ets.newTable(taken, Option.NAMED_TABLE));
        assertEquals(renamed, Ets.rename(old, renamed));
        assertEquals(t, Ets.whereis(renamed));
        assertNull(Ets.whereis(old));
        assertThrows(IllegalArgumentException.class, () -> Ets.lookup(old, A));
        assertThrows(IllegalArgumentException.class, () -> Ets.rename(t, taken));
        assertEquals(renamed, Ets.info(t).name());
    }

    @Test
    void infoReportsTheTable() {
        Pid heir = spawn(() -> receive(m -> m == Atom.of("stop") ? m : NO_MATCH));
        Tid t = table(TableType.BAG, Access.PUBLIC, new Option.Keypos(2), new Option.Heir(heir, "data"),
                new Option.ReadConcurrency(true));
        Ets.insert(t, Tuple.of(1, A, "a string"));
        Info info = Ets.info(t);
        assertEquals(new Info(t, info.name(), TableType.BAG, Access.PUBLIC, self(), heir, false, 2, 1, info.memory(), true, false), info);
        assertTrue(info.memory() > 305, "memory " + info.memory());
        send(heir, Atom.of("stop"));
    }

    // ---------------------------------------------------------------- access and errors

    @Test
    void aProtectedTableIsReadByAllAndWrittenByItsOwnerOnly() {
        Pid[] owner = new Pid[1];
        Tid t = ownedByAnotherProcess(owner, uniqueName());
        assertEquals(List.of(), Ets.lookup(t, A));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ets.insert(t, Tuple.of(A)));
        assertTrue(e.getMessage().contains("insufficient access rights"), e.getMessage());
        assertTrue(e.getMessage().contains("protected and owned by " + owner[0]), e.getMessage());
        assertTrue(e.getMessage().contains(self().toString()), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Ets.delete(t));
        assertThrows(IllegalArgumentException.class, () -> Ets.delete(t, A));
        send(owner[0], Atom.of("stop"));
    }

    @Test
    void aPrivateTableIsNotEvenReadByOthers() {
        Pid[] owner = new Pid[1];
        Tid t = ownedByAnotherProcess(owner, uniqueName(), Access.PRIVATE);
        assertThrows(IllegalArgumentException.class, () -> Ets.lookup(t, A));
        assertThrows(IllegalArgumentException.class, () -> Ets.tab2list(t));
        assertNotNull(Ets.info(t));
        send(owner[0], Atom.of("stop"));
    }

    @Test
    void aPublicTableIsWrittenAndDeletedByAnyone() {
        Pid[] owner = new Pid[1];
        Tid t = ownedByAnotherProcess(owner, uniqueName(), Access.PUBLIC);
        Ets.insert(t, Tuple.of(A, 1));
        assertEquals(1, Ets.updateCounter(t, B, 1, Tuple.of(B, 0)));
        assertTrue(Ets.delete(t));
        assertNull(Ets.info(t));
        send(owner[0], Atom.of("stop"));
    }

    @Test
    void aDeletedTableGivesABadargNamingTheTableAndTheOperation() {
        Atom name = uniqueName();
        Tid t = Ets.newTable(name, Option.NAMED_TABLE);
        Ets.delete(t);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ets.lookup(name, A));
        assertEquals("ets.lookup(" + name + ", ...): the table identifier does not refer to an existing ETS table", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Ets.insert(t, Tuple.of(A)));
        assertEquals("ets.insert(" + t + ", ...): the table identifier does not refer to an existing ETS table", e.getMessage());
        assertNull(Ets.info(t));
        assertNull(Ets.whereis(name));
        assertThrows(IllegalArgumentException.class, () -> Ets.lookup("not a table", A));
        assertThrows(IllegalArgumentException.class, () -> Ets.info("not a table"));
    }

    // ---------------------------------------------------------------- owners, heirs, give_away

    @Test
    void aTableDiesWithItsOwner() {
        Pid[] owner = new Pid[1];
        Atom name = uniqueName();
        Tid t = ownedByAnotherProcess(owner, name, Option.NAMED_TABLE, Access.PUBLIC);
        Ets.insert(t, Tuple.of(A, 1));
        killAndWait(owner[0]);
        assertNull(Ets.info(t));                                  // at once, not eventually
        assertThrows(IllegalArgumentException.class, () -> Ets.lookup(name, A));
        assertNull(Ets.whereis(name));
    }

    @Test
    void theNameOfADeadOwnersTableIsFreeAtOnce() {
        Pid[] owner = new Pid[1];
        Atom name = uniqueName();
        ownedByAnotherProcess(owner, name, Option.NAMED_TABLE);
        killAndWait(owner[0]);
        mine.add(Ets.newTable(name, Option.NAMED_TABLE));        // no wait for the janitor
        assertEquals(self(), Ets.info(name).owner());
    }

    @Test
    void theJanitorDeletesATableNobodyTouchesAfterItsOwnerDies() {
        Pid[] owner = new Pid[1];
        Atom name = uniqueName();
        ownedByAnotherProcess(owner, name, Option.NAMED_TABLE);
        exit(owner[0], Atom.KILL);
        await().atMost(FIVE).until(() -> Ets.whereis(name) == null);
    }

    @Test
    void theHeirInheritsTheTableWithAnEtsTransferMessage() {
        Pid[] owner = new Pid[1];
        Atom name = uniqueName();
        Tid t = ownedByAnotherProcess(owner, name, Option.NAMED_TABLE, new Option.Heir(self(), "heir data"));
        killAndWait(owner[0]);
        Tuple msg = awaitTransfer();
        assertEquals(Tuple.of(ETS_TRANSFER, name, owner[0], "heir data"), msg);
        mine.add(t);
        assertEquals(self(), Ets.info(t).owner());
        Ets.insert(t, Tuple.of(A, 1));                            // the heir now writes
    }

    @Test
    void aTableWhoseHeirIsDeadOrItsOwnerDiesWithIt() {
        Spawned s = spawnMonitor(() -> { });
        receive(m -> m instanceof Down d && d.ref().equals(s.ref()) ? d : NO_MATCH, FIVE, () -> null);
        Pid[] owner = new Pid[1];
        Tid t = ownedByAnotherProcess(owner, uniqueName(), new Option.Heir(s.pid(), "x"));
        killAndWait(owner[0]);
        assertNull(Ets.info(t));
        Tid selfHeir = inProcess(() -> Ets.newTable(uniqueName(), new Option.Heir(self(), "me")));
        await().atMost(FIVE).until(() -> Ets.info(selfHeir) == null);
    }

    @Test
    void manyOwnersDyingWhileTheirTablesAreUsedEachHandTheirTableToTheHeirExactlyOnce() {
        Pid me = self();
        int owners = 200;
        List<Tid> tables = new ArrayList<>();
        List<Pid> pids = new ArrayList<>();
        for (int i = 0; i < owners; i++) {
            Pid[] owner = new Pid[1];
            tables.add(ownedByAnotherProcess(owner, uniqueName(), Access.PUBLIC, new Option.Heir(me, i)));
            pids.add(owner[0]);
        }
        pids.forEach(p -> exit(p, Atom.KILL));
        for (Tid t : tables) Ets.info(t);                         // races the janitor to the dead owners
        Set<Object> heirData = new HashSet<>();
        for (int i = 0; i < owners; i++) assertTrue(heirData.add(awaitTransfer().get(3)));
        assertEquals(owners, heirData.size());
        assertEquals("none", receive(m -> m instanceof Tuple x && x.is(ETS_TRANSFER, 4) ? x : NO_MATCH, Duration.ofMillis(200), () -> "none"));
        for (Tid t : tables) assertEquals(me, Ets.info(t).owner());
        mine.addAll(tables);
    }

    @Test
    void setoptsChangesTheHeirAndOnlyTheOwnerMay() {
        Pid[] owner = new Pid[1];
        Pid me = self();
        Tid t = ownedByAnotherProcess(owner, uniqueName(), Access.PUBLIC);
        assertThrows(IllegalArgumentException.class, () -> Ets.setopts(t, new Option.Heir(me, 1)));
        Tid t2 = inProcess(() -> {
            Tid x = Ets.newTable(uniqueName());
            Ets.setopts(x, new Option.Heir(me, "later"));
            return x;
        });
        Tuple msg = awaitTransfer();
        assertEquals(t2, msg.get(1));
        assertEquals("later", msg.get(3));
        mine.add(t2);
        send(owner[0], Atom.of("stop"));
    }

    @Test
    void giveAwayHandsTheTableToAnotherLiveProcess() {
        Pid me = self();
        Tid t = table();
        Pid receiver = spawn(() -> {
            Tuple msg = receive(m -> m instanceof Tuple x && x.is(ETS_TRANSFER, 4) ? x : NO_MATCH);
            Ets.insert((Tid) msg.get(1), Tuple.of(A, msg.get(3)));
            send(me, Tuple.of(Atom.of("got"), msg));
            receive(m -> m == Atom.of("stop") ? m : NO_MATCH);
        });
        assertThrows(IllegalArgumentException.class, () -> Ets.giveAway(t, me, "to myself"));
        Spawned gone = spawnMonitor(() -> { });
        receive(m -> m instanceof Down d && d.ref().equals(gone.ref()) ? d : NO_MATCH, FIVE, () -> null);
        assertThrows(IllegalArgumentException.class, () -> Ets.giveAway(t, gone.pid(), "to the dead"));
        assertTrue(Ets.giveAway(t, receiver, "gift"));
        Tuple got = receive(m -> m instanceof Tuple x && x.is(Atom.of("got"), 2) ? (Tuple) x.get(1) : NO_MATCH, FIVE, () -> null);
        assertEquals(Tuple.of(ETS_TRANSFER, t, me, "gift"), got);
        assertEquals(List.of(Tuple.of(A, "gift")), Ets.lookup(t, A));
        assertThrows(IllegalArgumentException.class, () -> Ets.giveAway(t, receiver, "again"));
        assertThrows(IllegalArgumentException.class, () -> Ets.insert(t, Tuple.of(B)));
        killAndWait(receiver);
        assertNull(Ets.info(t));
    }

    // ---------------------------------------------------------------- isolation

    @Test
    void aReaderNeverSeesHalfOfAListInsert() {
        Tid t = table(Access.PUBLIC);
        Ets.insert(t, List.of(Tuple.of(A, 0), Tuple.of(B, 0)));
        int rounds = 20_000;
        Spawned writer = spawnMonitor(() -> {
            for (int i = 1; i <= rounds; i++) Ets.insert(t, List.of(Tuple.of(A, i), Tuple.of(B, i)));
        });
        int torn = inProcess(() -> {
            int bad = 0;
            int a = 0;
            while (a < rounds) {
                a = (Integer) Ets.lookupElement(t, A, 2);
                int b = (Integer) Ets.lookupElement(t, B, 2);
                if (b < a) bad++;
            }
            return bad;
        });
        assertEquals(0, torn);
        receive(m -> m instanceof Down d && d.ref().equals(writer.ref()) ? d : NO_MATCH, FIVE, () -> null);
    }

    /** Runs {@code work(i)} in {@code n} processes at once and waits for all of them. */
    static void inParallel(int n, java.util.function.IntConsumer work) {
        Pid me = self();
        for (int i = 0; i < n; i++) {
            int id = i;
            spawn(() -> {
                work.accept(id);
                send(me, Atom.OK);
            });
        }
        for (int i = 0; i < n; i++) assertEquals(Atom.OK, receive(m -> m == Atom.OK ? m : NO_MATCH, Duration.ofSeconds(30), () -> "timeout"));
    }

    @Test
    void countersUpdatedByManyProcessesAtOnceLoseNoIncrement() {
        Tid t = table(Access.PUBLIC);
        Ets.insert(t, Tuple.of(X, 0L));
        inParallel(8, i -> {
            for (int k = 0; k < 20_000; k++) Ets.updateCounter(t, X, 1);
        });
        assertEquals(List.of(Tuple.of(X, 160_000L)), Ets.lookup(t, X));
    }

    @Test
    void insertsAndTakesRacingOnOneKeyKeepTheSizeRight() {
        for (TableType type : List.of(TableType.SET, TableType.ORDERED_SET)) {
            Tid t = table(type, Access.PUBLIC);
            AtomicInteger taken = new AtomicInteger();
            inParallel(4, i -> {
                for (int k = 0; k < 10_000; k++) {
                    if ((k + i) % 2 == 0) Ets.insert(t, Tuple.of(X, k));
                    else taken.addAndGet(Ets.take(t, X).size());
                }
            });
            int left = Ets.lookup(t, X).size();
            assertEquals(left, Ets.info(t).size(), type + ": size");
            assertEquals(left, Ets.tab2list(t).size(), type + ": objects");
            assertEquals(left == 0 ? Ets.END_OF_TABLE : X, Ets.first(t), type + ": first");
        }
    }

    @Test
    void singleKeyWritesAndListInsertsRunningAtOnceLoseNothing() {
        Tid t = table(Access.PUBLIC);
        Ets.insert(t, Tuple.of(X, 0L));
        inParallel(5, i -> {
            for (int k = 0; k < 5_000; k++) {
                if (i == 0) Ets.insert(t, List.of(Tuple.of(A, k), Tuple.of(B, k)));   // takes the table exclusively
                else Ets.updateCounter(t, X, 1);
            }
        });
        assertEquals(20_000L, Ets.lookupElement(t, X, 2));
        assertEquals(List.of(Tuple.of(B, 4_999)), Ets.lookup(t, B));
    }
}
