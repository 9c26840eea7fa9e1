package org.lmshls.local.engine;

import java.util.List;

/** Bit rates of a media playlist, as RFC 8216 defines them for BANDWIDTH and AVERAGE-BANDWIDTH. */
record Bandwidth(long peak, long average) {

    static final Bandwidth NONE = new Bandwidth(0, 0);

    Bandwidth plus(Bandwidth other) {
        return new Bandwidth(peak + other.peak, average + other.average);
    }

    /**
     * Peak: the largest bit rate of any contiguous set of entries whose total duration is between
     * 0.5 and 1.5 times the target duration (RFC 8216 4.1); a playlist too short for any such set
     * uses the whole playlist. Average: all bits over all seconds.
     */
    static Bandwidth of(List<MediaPlaylist.Entry> entries, long targetDuration) {
        double totalSeconds = 0;
        long totalBytes = 0;
        for (MediaPlaylist.Entry e : entries) {
            totalSeconds += e.seconds();
            totalBytes += e.bytes();
        }
        long average = Math.round(totalBytes * 8 / Math.max(totalSeconds, 0.001));
        double peak = -1;
        for (int i = 0; i < entries.size(); i++) {
            double seconds = 0;
            long bytes = 0;
            for (int j = i; j < entries.size(); j++) {
                seconds += entries.get(j).seconds();
                bytes += entries.get(j).bytes();
                if (seconds > 1.5 * targetDuration) break;
                if (seconds >= 0.5 * targetDuration) peak = Math.max(peak, bytes * 8 / seconds);
            }
        }
        return new Bandwidth(peak < 0 ? average : Math.round(peak), average);
    }
}
