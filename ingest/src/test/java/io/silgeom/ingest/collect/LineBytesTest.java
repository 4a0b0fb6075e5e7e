package io.silgeom.ingest.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The byte scan before a JSON line is parsed agrees with the JDK's UTF-8 decoder and with String.isBlank. */
class LineBytesTest {

    @Test
    void callsMalformedExactlyWhatTheJdkDecoderRejects() {
        Random random = new Random(5);
        int malformed = 0;
        for (int n = 0; n < 200_000; n++) {
            byte[] bytes = new byte[random.nextInt(24)];
            for (int i = 0; i < bytes.length; i++) {
                // Mostly the bytes that make up multi-byte characters, some ASCII.
                bytes[i] = (byte) (random.nextInt(4) == 0 ? random.nextInt(128) : 0x80 + random.nextInt(128));
            }
            boolean jdkRejects = false;
            try {
                StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
            } catch (CharacterCodingException e) {
                jdkRejects = true;
            }
            boolean scanRejects = (LineBytes.scan(bytes, 0, bytes.length) & LineBytes.MALFORMED) != 0;
            assertThat(scanRejects).as("bytes %s", java.util.HexFormat.of().formatHex(bytes)).isEqualTo(jdkRejects);
            malformed += scanRejects ? 1 : 0;
        }
        assertThat(malformed).isBetween(10_000, 190_000);
    }

    @Test
    void saysWhetherALineHasTextOrNulLikeTheDecodedString() {
        Random random = new Random(9);
        String pieces = " \t\u000b\u001c\u3000\u00a0a{\u0000é한";
        for (int n = 0; n < 50_000; n++) {
            StringBuilder sb = new StringBuilder();
            for (int k = random.nextInt(20); k > 0; k--) {
                sb.append(pieces.charAt(random.nextInt(pieces.length())));
            }
            String text = sb.toString();
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            int flags = LineBytes.scan(bytes, 0, bytes.length);
            boolean asciiText = text.chars().anyMatch(c -> c < 128 && !Character.isWhitespace(c));
            assertThat((flags & LineBytes.HAS_TEXT) != 0).as(text).isEqualTo(asciiText);
            assertThat((flags & LineBytes.HAS_NUL) != 0).as(text).isEqualTo(text.indexOf('\u0000') >= 0);
            if (asciiText) {
                assertThat(text.isBlank()).isFalse();
            }
        }
    }

    @Test
    void findsAByteInAWordWithoutFalseAlarms() {
        Random random = new Random(1);
        for (int n = 0; n < 100_000; n++) {
            long w = random.nextLong();
            if (random.nextBoolean()) {
                w = (w & ~(0xFFL << (8 * random.nextInt(8)))) | (0x0AL << (8 * random.nextInt(8)));
            }
            boolean has = false;
            for (int k = 0; k < 8; k++) {
                has |= ((w >>> (8 * k)) & 0xFF) == 0x0A;
            }
            assertThat(LineBytes.hasByte(w, (byte) '\n')).isEqualTo(has);
        }
    }
}
