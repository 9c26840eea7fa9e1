package org.lmshls.local.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Turns one DT_NEEDED dependency of an ELF64 shared library into a no-op, in place.
 *
 * <p>Why: the bundled FFmpeg build links libavdevice against PulseAudio ({@code libpulse.so.0}),
 * which most servers do not have, so the {@code ffmpeg} executable refuses to start although
 * we never use an audio device. Every PulseAudio symbol is bound lazily (JUMP_SLOT
 * relocations only), so pointing the dependency at {@code libc.so.6} and dropping its symbol-version
 * requirement lets the loader start the program; a PulseAudio function would only fail if
 * called, which the engine never does. The patch is applied to our extracted copy, never to
 * the jar, and is checked before it is written (the library must have the expected shape).
 */
final class ElfDependencyPatch {
    private static final int SHT_DYNAMIC = 6;
    private static final int SHT_GNU_VERNEED = 0x6ffffffe;
    private static final long DT_NULL = 0;
    private static final long DT_NEEDED = 1;
    private static final long DT_VERNEEDNUM = 0x6fffffffL;

    private ElfDependencyPatch() {}

    /** Returns true when the file was changed, false when it did not need {@code dependency}. */
    static boolean replaceNeeded(Path library, String dependency, String replacement) throws IOException {
        try (FileChannel ch = FileChannel.open(library, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer elf = ByteBuffer.allocate((int) ch.size()).order(ByteOrder.LITTLE_ENDIAN);
            while (elf.hasRemaining() && ch.read(elf) >= 0) {
                /* read all */
            }
            if (elf.getInt(0) != 0x464c457f || elf.get(4) != 2 || elf.get(5) != 1) {
                throw new IOException(library + " is not a little-endian ELF64 file");
            }
            long shoff = elf.getLong(0x28);
            int shentsize = Short.toUnsignedInt(elf.getShort(0x3a));
            int shnum = Short.toUnsignedInt(elf.getShort(0x3c));
            int dynOff = -1, dynSize = 0, strOff = -1, verneedOff = -1;
            for (int i = 0; i < shnum; i++) {
                int sh = (int) (shoff + (long) i * shentsize);
                int type = elf.getInt(sh + 4);
                if (type == SHT_DYNAMIC) {
                    dynOff = (int) elf.getLong(sh + 0x18);
                    dynSize = (int) elf.getLong(sh + 0x20);
                    int link = elf.getInt(sh + 0x28);
                    strOff = (int) elf.getLong((int) (shoff + (long) link * shentsize) + 0x18);
                } else if (type == SHT_GNU_VERNEED) {
                    verneedOff = (int) elf.getLong(sh + 0x18);
                }
            }
            if (dynOff < 0) throw new IOException(library + " has no dynamic section");
            long dependencyName = -1, replacementName = -1;
            for (int e = dynOff; e < dynOff + dynSize; e += 16) {
                long tag = elf.getLong(e);
                if (tag == DT_NULL) break;
                if (tag != DT_NEEDED) continue;
                String name = cString(elf, strOff + (int) elf.getLong(e + 8));
                if (name.equals(dependency)) dependencyName = elf.getLong(e + 8);
                if (name.equals(replacement)) replacementName = elf.getLong(e + 8);
            }
            if (dependencyName < 0) return false;
            if (replacementName < 0) {
                throw new IOException(library + " does not already need " + replacement + "; refusing to patch");
            }
            for (int e = dynOff; e < dynOff + dynSize; e += 16) {
                if (elf.getLong(e) == DT_NEEDED && elf.getLong(e + 8) == dependencyName) {
                    elf.putLong(e + 8, replacementName);
                }
            }
            unlinkVersionNeed(elf, dynOff, dynSize, verneedOff, (int) dependencyName);
            elf.rewind();
            ch.position(0);
            while (elf.hasRemaining()) ch.write(elf);
            return true;
        }
    }

    /**
     * Removes the version-needs entry of the dropped library from its chain, so the loader
     * neither looks for that file nor warns about its versions.
     */
    private static void unlinkVersionNeed(ByteBuffer elf, int dynOff, int dynSize, int verneedOff, int fileName)
            throws IOException {
        if (verneedOff < 0) return;
        int prev = -1;
        for (int vn = verneedOff; ; ) {
            int next = elf.getInt(vn + 12);
            if (elf.getInt(vn + 4) == fileName) {
                if (prev < 0) throw new IOException("version-needs entry to drop is the first one; not supported");
                elf.putInt(prev + 12, next == 0 ? 0 : elf.getInt(prev + 12) + next);
                for (int e = dynOff; e < dynOff + dynSize; e += 16) {
                    if (elf.getLong(e) == DT_VERNEEDNUM) elf.putLong(e + 8, elf.getLong(e + 8) - 1);
                }
                return;
            }
            if (next == 0) return;
            prev = vn;
            vn += next;
        }
    }

    private static String cString(ByteBuffer b, int at) {
        int end = at;
        while (b.get(end) != 0) end++;
        byte[] bytes = new byte[end - at];
        b.get(at, bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
