package dev.weft.arch;

import static org.junit.jupiter.api.Assertions.*;

import dev.weft.process.Kernel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layering rule: {@code term}, {@code process} and {@code otp} know nothing of distribution or
 * gRPC. Checked on the compiled classes: a class that refers to another names it in its constant pool.
 */
class ArchitectureTest {
    private static final List<String> CORE = List.of("dev/weft/term", "dev/weft/process", "dev/weft/otp");
    private static final List<String> FORBIDDEN = List.of("dev/weft/dist/", "io/grpc/");

    @Test
    void termProcessAndOtpDoNotDependOnDistOrGrpc() throws Exception {
        Path classes = Path.of(Kernel.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> violations = new ArrayList<>();
        int checked = 0;
        for (String pkg : CORE) {
            Path dir = classes.resolve(pkg);
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                    checked++;
                    String pool = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                    for (String bad : FORBIDDEN) if (pool.contains(bad)) violations.add(classes.relativize(f) + " refers to " + bad);
                }
            }
        }
        assertTrue(checked > 10, "found the compiled classes in " + classes);
        assertEquals(List.of(), violations);
    }

    @Test
    void theCheckSeesAReferenceWhenThereIsOne() throws IOException, Exception {
        Path dist = Path.of(dev.weft.dist.Node.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("dev/weft/dist/Wire.class");
        assertTrue(new String(Files.readAllBytes(dist), StandardCharsets.ISO_8859_1).contains("io/grpc/"));
    }
}
