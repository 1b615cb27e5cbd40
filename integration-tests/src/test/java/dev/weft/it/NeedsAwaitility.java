package dev.weft.it;

import org.awaitility.core.ConditionFactory;

/** A class the test nodes find but cannot link: one of its methods names Awaitility, which is only on the test JVM's classpath. */
final class NeedsAwaitility {
    private NeedsAwaitility() {}

    static dev.weft.dist.Node.Fn lambda() {
        return () -> System.out.println("never runs on a node without Awaitility");
    }

    static ConditionFactory patient() {
        return org.awaitility.Awaitility.await();
    }
}
