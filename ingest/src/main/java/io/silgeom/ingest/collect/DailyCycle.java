package io.silgeom.ingest.collect;

import java.time.Instant;

/**
 * The daily rhythm of publishing: a rate multiplier by time of day, a sinusoid that peaks at 04:00 UTC
 * (13:00 KST, mid-day in Korea) and bottoms out at 16:00 UTC (01:00 KST). Its mean over a day is 1, so the
 * configured rate is the daily average.
 *
 * @param amplitude 0 (flat) to below 1; 0.5 makes the peak three times the trough
 */
record DailyCycle(double amplitude) {
    static final int PEAK_HOUR_UTC = 4;
    private static final double SECONDS_PER_DAY = 86_400;

    DailyCycle {
        if (!(amplitude >= 0 && amplitude < 1)) {
            throw new IllegalArgumentException("daily amplitude must be in [0, 1), got " + amplitude);
        }
    }

    double multiplier(Instant t) {
        double secondOfDay = Math.floorMod(t.getEpochSecond(), 86_400L);
        double phase = 2 * Math.PI * (secondOfDay - PEAK_HOUR_UTC * 3600.0) / SECONDS_PER_DAY;
        return 1 + amplitude * Math.cos(phase);
    }
}
