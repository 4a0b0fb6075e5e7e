package io.silgeom.speed.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OrderedParallelMapTest {
    @Test
    void resultsComeBackInTheOrderOfTheItemsWhicheverThreadMappedThem() {
        List<Integer> items = IntStream.range(0, 5_000).boxed().toList();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        try (OrderedParallelMap map = new OrderedParallelMap(3, "test-analysis")) {
            List<String> out = map.map(items, i -> {
                threads.add(Thread.currentThread().getName());
                return "r" + i;
            });

            assertThat(out).hasSize(5_000);
            for (int i = 0; i < out.size(); i++) {
                assertThat(out.get(i)).isEqualTo("r" + i);
            }
            // The caller took a share and both helpers did too.
            assertThat(threads).contains(Thread.currentThread().getName(), "test-analysis-1", "test-analysis-2");
        }
    }

    @Test
    void aSmallListIsMappedByTheCallerAlone() {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        try (OrderedParallelMap map = new OrderedParallelMap(4, "test-analysis")) {
            List<Integer> out = map.map(List.of(1, 2, 3), i -> {
                threads.add(Thread.currentThread().getName());
                return i * 2;
            });

            assertThat(out).containsExactly(2, 4, 6);
            assertThat(threads).containsOnly(Thread.currentThread().getName());
        }
    }

    @Test
    void oneThreadHasNoPoolAndAFailingHelperIsReportedNotSwallowed() {
        try (OrderedParallelMap one = new OrderedParallelMap(1, "unused")) {
            assertThat(one.map(IntStream.range(0, 1_000).boxed().toList(), i -> i + 1)).startsWith(1, 2, 3).hasSize(1_000);
        }
        try (OrderedParallelMap two = new OrderedParallelMap(2, "test-analysis")) {
            List<Integer> items = IntStream.range(0, 1_000).boxed().toList();
            assertThatThrownBy(() -> two.map(items, i -> {
                if (i == 900) {   // in the helper's half
                    throw new IllegalArgumentException("bug at 900");
                }
                return i;
            })).isInstanceOf(IllegalStateException.class).hasRootCauseMessage("bug at 900");
        }
        assertThatThrownBy(() -> new OrderedParallelMap(0, "x")).hasMessageContaining("at least 1");
    }
}
