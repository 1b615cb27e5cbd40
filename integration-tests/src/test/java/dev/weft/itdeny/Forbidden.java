package dev.weft.itdeny;

import dev.weft.dist.Node;

/** Lambdas from a package the test nodes do not allow. */
public final class Forbidden {
    private Forbidden() {}

    public static Node.Fn lambda() {
        return () -> System.out.println("must not run");
    }
}
