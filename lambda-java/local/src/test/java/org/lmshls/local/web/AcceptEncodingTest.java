package org.lmshls.local.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which precompressed copy a request's Accept-Encoding picks (RFC 9110 §12.5.3). */
class AcceptEncodingTest {
    static final List<String> BOTH = List.of("br", "gzip");

    static Optional<String> pick(String header) {
        return AcceptEncoding.parse(header).choose(BOTH);
    }

    @Test
    void brotliIsPreferredWhenBothWeighTheSame() {
        assertEquals(Optional.of("br"), pick("gzip, deflate, br, zstd")); // Chromium over HTTPS
        assertEquals(Optional.of("br"), pick("br, gzip"));
        assertEquals(Optional.of("br"), pick("gzip;q=0.8, br;q=0.8"));
        assertEquals(Optional.of("br"), pick("*"));
    }

    @Test
    void weightsAreHonoured() {
        assertEquals(Optional.of("gzip"), pick("gzip;q=1, br;q=0.5"));
        assertEquals(Optional.of("gzip"), pick("br;q=0, gzip;q=0.5"));
        assertEquals(Optional.of("gzip"), pick("*;q=0.5, br;q=0"));
        assertEquals(Optional.of("br"), pick("gzip;q=0.001, br;q=0.002"));
        assertEquals(Optional.of("gzip"), pick("gzip, deflate")); // Chromium over plain HTTP
    }

    @Test
    void codingsAndTheWeightParameterAreCaseInsensitiveAndSpacesDoNotMatter() {
        assertEquals(Optional.of("gzip"), pick("GZIP;Q=1.0"));
        assertEquals(Optional.of("br"), pick("  Br ; q = 0.9 ,gzip;q=0.1"));
        assertEquals(Optional.of("gzip"), pick("x-gzip"));
    }

    @Test
    void nothingOrARefusalMeansTheFileAsItIs() {
        assertEquals(Optional.empty(), pick(null));
        assertEquals(Optional.empty(), pick(""));
        assertEquals(Optional.empty(), pick("identity"));
        assertEquals(Optional.empty(), pick("deflate, zstd"));
        assertEquals(Optional.empty(), pick("br;q=0, gzip;q=0"));
        assertEquals(Optional.empty(), pick("*;q=0"));
        assertEquals(Optional.empty(), pick("br;q=0.0, GZIP;q=0.000"));
        assertEquals(Optional.empty(), AcceptEncoding.parse("br, gzip").choose(List.of()), "no copies on disk");
    }

    @Test
    void identityThatOutweighsACodingWins() {
        assertEquals(Optional.empty(), pick("identity;q=1, gzip;q=0.5"));
        assertEquals(Optional.of("gzip"), pick("identity;q=0.5, gzip"));
        assertEquals(Optional.of("gzip"), pick("gzip;q=0.5"), "unlisted identity ranks below any weight above 0");
    }

    @Test
    void malformedElementsAreLeftOutAndTheRestStillCounts() {
        assertEquals(Optional.of("gzip"), pick("br;q=2, gzip"), "a weight above 1");
        assertEquals(Optional.of("gzip"), pick("br;q=0.5555, gzip;q=0.1"), "more than three decimals");
        assertEquals(Optional.of("gzip"), pick("br;q=high, gzip;q=0.1"));
        assertEquals(Optional.of("gzip"), pick("br;q=-1, gzip;q=0.1"));
        assertEquals(Optional.of("gzip"), pick("br;q, gzip;q=0.1"), "a parameter without a value");
        assertEquals(Optional.of("gzip"), pick("b\"r, gzip"), "not a token");
        assertEquals(Optional.of("gzip"), pick(",, ;q=1, gzip"), "empty elements");
        assertEquals(Optional.empty(), pick("br;q=1.5"));
    }

    @Test
    void theFirstMentionOfACodingCounts() {
        assertEquals(Optional.of("gzip"), pick("br;q=0, gzip, br;q=1"));
        assertEquals(Optional.empty(), pick("*;q=0, *;q=1"));
    }

    @Test
    void weightsAreThousandths() {
        AcceptEncoding a = AcceptEncoding.parse("br;q=0.5, gzip;q=0.05, zstd;q=1.000, identity;q=0");
        assertEquals(500, a.weight("br"));
        assertEquals(50, a.weight("gzip"));
        assertEquals(1000, a.weight("ZSTD"));
        assertEquals(0, a.weight("identity"));
        assertEquals(0, a.weight("deflate"));
        assertEquals(1, AcceptEncoding.parse("gzip").weight("identity"));
    }
}
