package org.reflexscope.mm.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The cached state is looked up by a frame's camera time, so a frame popped after a change keeps its own state. */
class MmCoreStateCacheTest {

    @Test
    void aFrameTakenBeforeAnObjectiveSwitchKeepsTheObjectiveItWasTakenWith() throws Exception {
        DemoCore core = new DemoCore();
        MmCoreStateCache cache = new MmCoreStateCache(core);
        core.setConfig("Objective", "10X");
        cache.refresh();
        long takenAt10x = System.nanoTime();
        core.setConfig("Objective", "40X");
        cache.refresh();
        long takenAt40x = System.nanoTime();

        assertThat(cache.at(takenAt10x).objective).isEqualTo("10X");
        assertThat(cache.at(takenAt10x).pixelSizeUm).isEqualTo(1.0);
        assertThat(cache.at(takenAt40x).objective).isEqualTo("40X");
        assertThat(cache.at(takenAt40x).pixelSizeUm).isEqualTo(0.25);
        assertThat(cache.current().objective).isEqualTo("40X");
    }

    @Test
    void onlyTheLastRefreshesAreKeptAndAnOlderTimeGetsTheOldestKept() throws Exception {
        DemoCore core = new DemoCore();
        MmCoreStateCache cache = new MmCoreStateCache(core);
        core.setConfig("Objective", "10X");
        cache.refresh();
        long first = System.nanoTime();
        core.setConfig("Objective", "20X");
        for (int i = 0; i < MmCoreStateCache.KEPT; i++) {
            cache.refresh();
        }
        // the 10X refresh fell out of the history: the oldest kept (20X) stands for anything older
        assertThat(cache.at(first).objective).isEqualTo("20X");
        assertThat(cache.at(Long.MIN_VALUE).objective).isEqualTo("20X");
    }
}
