package course.text;

/**
 * Shows a token's bytes as a quoted, printable string, so a learner sees exactly what a token holds.
 *
 * <p>The bytes are read as UTF-8. Every complete, visible character is shown as itself ({@code "é"},
 * {@code "猫"}, {@code "🙂"}); a space is a space, so the quotes matter: {@code " the"} is not
 * {@code "the"}. The rest is escaped:
 *
 * <ul>
 *   <li>{@code \n}, {@code \t}, {@code \r}, {@code \"} and {@code \\} as in Java;
 *   <li>other ASCII control bytes, and any byte that is not part of a complete UTF-8 character, as
 *       {@code \xNN} — a byte-level BPE token may hold half a character, e.g. {@code "\xC3"} (the first byte
 *       of "é") or {@code "\xF0\x9F"} (half an emoji);
 *   <li>invisible characters beyond ASCII (no-break space, zero-width joiner, other format and control
 *       characters) as <code>&#92;u{200D}</code>, and a combining mark at the very start (it would sit on the quote).
 * </ul>
 *
 * <p>GPT-2's own files take another route: they map each of the 256 bytes to a visible character (a space
 * becomes {@code Ġ}, a newline {@code Ċ}), which is why "Ġthe" shows up in Hugging Face vocabularies. The
 * escapes here need no decoding table; the idea — never print a raw, invisible byte — is the same.
 */
final class TokenText {

    private TokenText() {}

    /** {@code bytes} as a double-quoted string with the escapes above. */
    static String quote(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length + 2).append('"');
        int i = 0;
        while (i < bytes.length) {
            int length = utf8SequenceLength(bytes, i);
            if (length == 0) {
                out.append(String.format("\\x%02X", bytes[i] & 0xFF)); // not (part of) a whole character
                i++;
                continue;
            }
            int codePoint = new String(bytes, i, length, java.nio.charset.StandardCharsets.UTF_8).codePointAt(0);
            appendCharacter(out, codePoint, i == 0);
            i += length;
        }
        return out.append('"').toString();
    }

    private static void appendCharacter(StringBuilder out, int codePoint, boolean first) {
        switch (codePoint) {
            case '\n' -> out.append("\\n");
            case '\t' -> out.append("\\t");
            case '\r' -> out.append("\\r");
            case '"' -> out.append("\\\"");
            case '\\' -> out.append("\\\\");
            default -> {
                if (codePoint < 0x20 || codePoint == 0x7F) {
                    out.append(String.format("\\x%02X", codePoint));
                } else if (codePoint > 0x7F && (invisible(codePoint) || (first && combining(codePoint)))) {
                    out.append(String.format("\\u{%X}", codePoint));
                } else {
                    out.appendCodePoint(codePoint);
                }
            }
        }
    }

    private static boolean invisible(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE, Character.UNASSIGNED,
                    Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> true;
            default -> false;
        };
    }

    private static boolean combining(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                || type == Character.COMBINING_SPACING_MARK;
    }

    /**
     * The length (1–4) of the well-formed UTF-8 sequence starting at {@code bytes[i]}, or 0 if none starts
     * there. "Well-formed" as in the Unicode Standard's table 3-7: no overlong forms, no surrogates, nothing
     * above U+10FFFF — which is why the allowed range of the second byte depends on the first.
     */
    static int utf8SequenceLength(byte[] bytes, int i) {
        int lead = bytes[i] & 0xFF;
        int length;
        int secondMin = 0x80;
        int secondMax = 0xBF;
        if (lead <= 0x7F) {
            return 1;
        } else if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            if (lead == 0xE0) {
                secondMin = 0xA0; // below: an overlong form of a 2-byte character
            } else if (lead == 0xED) {
                secondMax = 0x9F; // above: UTF-16 surrogates, not characters
            }
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            if (lead == 0xF0) {
                secondMin = 0x90; // below: overlong
            } else if (lead == 0xF4) {
                secondMax = 0x8F; // above: beyond U+10FFFF
            }
        } else {
            return 0; // a continuation byte, or a lead byte that never occurs (C0, C1, F5–FF)
        }
        if (i + length > bytes.length) {
            return 0;
        }
        int second = bytes[i + 1] & 0xFF;
        if (second < secondMin || second > secondMax) {
            return 0;
        }
        for (int k = 2; k < length; k++) {
            int b = bytes[i + k] & 0xFF;
            if (b < 0x80 || b > 0xBF) {
                return 0;
            }
        }
        return length;
    }
}
