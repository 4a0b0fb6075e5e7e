package io.silgeom.standalone.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedisBinaryTest {
    @Test
    void everyPlatformWeNameIsReallyInsideTheEmbeddedRedisJar() {
        // If embedded-redis is upgraded and renames its binaries, the fallback must fail here, not on a user's laptop.
        for (List<String> platform : List.of(List.of("Linux", "amd64"), List.of("Linux", "aarch64"),
                List.of("Linux", "x86"), List.of("Mac OS X", "x86_64"), List.of("Mac OS X", "aarch64"))) {
            String resource = RedisBinary.bundledResource(platform.get(0), platform.get(1)).orElseThrow();
            assertThat(RedisBinary.class.getResource("/" + resource)).as(resource).isNotNull();
        }
        assertThat(RedisBinary.bundledResource("Linux", "s390x")).isEmpty();
        assertThat(RedisBinary.bundledResource("Windows 11", "amd64")).isEmpty();
    }

    @Test
    void pathLookupSkipsMissingDirectoriesAndNonExecutableFiles(@TempDir Path dir) throws IOException {
        Path notExecutable = Files.createDirectories(dir.resolve("a")).resolve(RedisBinary.NAME);
        Files.writeString(notExecutable, "");
        Path executable = Files.createDirectories(dir.resolve("b")).resolve(RedisBinary.NAME);
        Files.writeString(executable, "#!/bin/sh\n");
        assertThat(executable.toFile().setExecutable(true)).isTrue();
        String path = String.join(File.pathSeparator, dir.resolve("missing").toString(), "",
                dir.resolve("a").toString(), dir.resolve("b").toString());

        assertThat(RedisBinary.findOnPath(path)).contains(executable);
        assertThat(RedisBinary.findOnPath(dir.resolve("a").toString())).isEmpty();
        assertThat(RedisBinary.findOnPath(null)).isEmpty();
    }
}
