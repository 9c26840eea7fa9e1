package org.lmshls.local.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ByteRangeTest {

    private static ByteRange of(String header, long total) throws ByteRange.Unsatisfiable {
        return ByteRange.parse(header, total).orElseThrow();
    }

    @Test
    void theThreeFormsOfASingleRange() throws Exception {
        assertEquals(new ByteRange(0, 99, 1000), of("bytes=0-99", 1000));
        assertEquals("bytes 0-99/1000", of("bytes=0-99", 1000).contentRange());
        assertEquals(100, of("bytes=0-99", 1000).length());
        assertEquals(new ByteRange(500, 999, 1000), of("bytes=500-", 1000));
        assertEquals(new ByteRange(900, 999, 1000), of("bytes=-100", 1000));
        assertEquals(
                new ByteRange(0, 999, 1000),
                of("bytes=-5000", 1000),
                "a suffix longer than the object is the whole object");
        assertEquals(new ByteRange(990, 999, 1000), of("bytes=990-5000", 1000), "the end is clipped to the object");
        assertEquals(new ByteRange(0, 0, 1), of("Bytes= 0-0 ", 1));
    }

    @Test
    void headersToIgnoreGiveTheWholeObject() throws Exception {
        for (String h : new String[] {
            null, "", "items=0-1", "bytes=", "bytes=-", "bytes=5-2", "bytes=a-b", "bytes=0-1,5-6", "bytes=1"
        }) {
            assertTrue(ByteRange.parse(h, 1000).isEmpty(), String.valueOf(h));
        }
    }

    @Test
    void rangesOutsideTheObjectAreUnsatisfiable() {
        assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=1000-", 1000));
        assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=2000-3000", 1000));
        assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=-0", 1000));
        assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=0-", 0));
    }
}
