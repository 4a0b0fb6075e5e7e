package io.silgeom.ingest.collect;

import java.util.List;

/** Generator options for tests: the shipped defaults' shape, no bursts, a flat day unless a test wants one. */
final class GeneratorFixtures {
    private GeneratorFixtures() {
    }

    static GeneratorOptions flat(long seed) {
        return new GeneratorOptions(seed, 20.0, 0.01, 0.0, 0.6, 0.35, 0.0, List.of(), 2.0);
    }
}
