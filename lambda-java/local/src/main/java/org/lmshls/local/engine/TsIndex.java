package org.lmshls.local.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the video key frames are in an MPEG-TS segment, for I-frame playlists (RFC 8216 4.3.3.6:
 * each entry is the byte range of one I-frame). A key frame's range runs from the first TS packet
 * of its PES packet to the first packet of the next video PES packet (or the end of the file);
 * the first key frame's range starts at byte 0 so that it carries the segment's PAT and PMT.
 */
final class TsIndex {
    private TsIndex() {}

    /** One key frame: its byte range in the segment and its presentation time (90 kHz). */
    record KeyFrame(long offset, long length, long pts) {}

    private static final int PACKET = 188;

    static List<KeyFrame> keyFrames(Path segment) throws IOException {
        byte[] b = Files.readAllBytes(segment);
        int pmtPid = -1, videoPid = -1;
        List<long[]> starts = new ArrayList<>(); // {packet offset, pts, key}
        for (int p = 0; p + PACKET <= b.length; p += PACKET) {
            if (b[p] != 0x47) continue;
            boolean unitStart = (b[p + 1] & 0x40) != 0;
            int pid = ((b[p + 1] & 0x1f) << 8) | (b[p + 2] & 0xff);
            int afc = (b[p + 3] >> 4) & 3;
            boolean randomAccess = (afc & 2) != 0 && (b[p + 4] & 0xff) > 0 && (b[p + 5] & 0x40) != 0;
            int payload = p + 4 + ((afc & 2) != 0 ? 1 + (b[p + 4] & 0xff) : 0);
            if ((afc & 1) == 0 || payload >= p + PACKET) continue;
            if (pid == 0 && unitStart) {
                int sec = payload + 1 + (b[payload] & 0xff); // pointer field
                // PAT: the first program's PMT PID.
                if (sec + 12 <= p + PACKET) pmtPid = ((b[sec + 10] & 0x1f) << 8) | (b[sec + 11] & 0xff);
            } else if (pid == pmtPid && unitStart && videoPid < 0) {
                videoPid = videoPid(b, payload + 1 + (b[payload] & 0xff), p + PACKET);
            } else if (pid == videoPid && unitStart) {
                long pts = pts(b, payload);
                boolean key = randomAccess || idr(b, payload, p + PACKET);
                starts.add(new long[] {p, pts, key ? 1 : 0});
            }
        }
        List<KeyFrame> out = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            if (starts.get(i)[2] == 0) continue;
            long from = out.isEmpty() ? 0 : starts.get(i)[0];
            long to = i + 1 < starts.size() ? starts.get(i + 1)[0] : b.length - b.length % PACKET;
            out.add(new KeyFrame(from, to - from, starts.get(i)[1]));
        }
        return out;
    }

    /** The PID of the first H.264 stream (stream type 0x1B) in a PMT section. */
    private static int videoPid(byte[] b, int sec, int end) {
        if (sec + 12 > end) return -1;
        int sectionLength = ((b[sec + 1] & 0x0f) << 8) | (b[sec + 2] & 0xff);
        int infoLength = ((b[sec + 10] & 0x0f) << 8) | (b[sec + 11] & 0xff);
        int i = sec + 12 + infoLength;
        int last = Math.min(end, sec + 3 + sectionLength - 4); // before the CRC
        while (i + 5 <= last) {
            int type = b[i] & 0xff;
            int pid = ((b[i + 1] & 0x1f) << 8) | (b[i + 2] & 0xff);
            if (type == 0x1b) return pid;
            i += 5 + (((b[i + 3] & 0x0f) << 8) | (b[i + 4] & 0xff));
        }
        return -1;
    }

    private static long pts(byte[] b, int off) {
        if (off + 14 > b.length || b[off] != 0 || b[off + 1] != 0 || b[off + 2] != 1) return -1;
        if (((b[off + 7] >> 6) & 2) == 0) return -1;
        return ((long) (b[off + 9] >> 1) & 0x07) << 30
                | (long) (b[off + 10] & 0xff) << 22
                | (long) ((b[off + 11] & 0xff) >> 1) << 15
                | (long) (b[off + 12] & 0xff) << 7
                | (long) ((b[off + 13] & 0xff) >> 1);
    }

    /** An IDR slice (NAL type 5) in the first packet's PES payload. */
    private static boolean idr(byte[] b, int off, int end) {
        if (off + 9 > end) return false;
        int data = off + 9 + (b[off + 8] & 0xff);
        for (int i = data; i + 3 < end; i++) {
            if (b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 1 && (b[i + 3] & 0x1f) == 5) return true;
        }
        return false;
    }
}
