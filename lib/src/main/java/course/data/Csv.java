package course.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A small, strict reader for RFC 4180 CSV: fields separated by commas, records by CRLF or LF; a field may
 * be wrapped in double quotes, and then may contain commas, line breaks and doubled quotes ({@code ""}
 * for one {@code "}).
 *
 * <p>Why our own: the tweets contain line breaks inside quoted fields, so "one line = one record" is
 * wrong, and when a file is damaged the learner needs the physical line where the bad record starts, not
 * a record index. Every record keeps that line number. The first record (the header) fixes the number of
 * fields; a record with a different count, an unterminated quote or text after a closing quote is an
 * error naming the source and the line. Completely empty lines between records are skipped.
 */
public final class Csv {

    /** One record and the physical line (1-based) where it starts. */
    public record Row(int line, List<String> fields) {
        public Row {
            fields = List.copyOf(fields);
        }

        public String get(int index) {
            return fields.get(index);
        }

        public int size() {
            return fields.size();
        }
    }

    private static final int EOF = -1;

    private final String source;
    private final Reader in;
    private int line = 1;
    private int lookahead = Integer.MIN_VALUE;
    private int width = -1;

    /** A reader over {@code in}; {@code source} (usually the file name) prefixes every error message. */
    public Csv(String source, Reader in) {
        this.source = source;
        this.in = in instanceof BufferedReader ? in : new BufferedReader(in, 1 << 16);
    }

    /** Every record of a UTF-8 file, header first; errors name the file by its name. */
    public static List<Row> read(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return new Csv(file.getFileName().toString(), reader).readAll();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Every record of {@code text}, header first. */
    public static List<Row> parse(String source, String text) {
        return new Csv(source, new StringReader(text)).readAll();
    }

    /** The remaining records. */
    public List<Row> readAll() {
        List<Row> rows = new ArrayList<>();
        for (Optional<Row> row; (row = next()).isPresent(); ) {
            rows.add(row.get());
        }
        return rows;
    }

    /** The next record, or empty at the end of the input. */
    public Optional<Row> next() {
        while (peek() == '\n' || peek() == '\r') {
            lineBreak(); // an empty line is not a record
        }
        if (peek() == EOF) {
            return Optional.empty();
        }
        int start = line;
        List<String> fields = new ArrayList<>();
        while (true) {
            fields.add(peek() == '"' ? quoted(fields.size() + 1) : unquoted(fields.size() + 1));
            int c = peek();
            if (c == ',') {
                read();
            } else {
                if (c != EOF) {
                    lineBreak();
                }
                break;
            }
        }
        if (width < 0) {
            width = fields.size();
        } else if (fields.size() != width) {
            throw new DataException(source + " line " + start + ": expected " + width + " fields (as in the header), found "
                    + fields.size() + ". A field that contains a comma, a quote or a line break must be wrapped in"
                    + " double quotes, with inner quotes doubled; the file may also be truncated or edited by hand.");
        }
        return Optional.of(new Row(start, fields));
    }

    private String quoted(int field) {
        int start = line;
        read(); // the opening quote
        StringBuilder value = new StringBuilder();
        while (true) {
            int c = read();
            if (c == EOF) {
                throw new DataException(source + " line " + start + ": field " + field + " opens a quote that is never"
                        + " closed (the input ends inside it). Add the missing closing quote, or double the quote if it"
                        + " is part of the text.");
            } else if (c == '"') {
                if (peek() != '"') {
                    break;
                }
                read();
                value.append('"');
            } else {
                if (c == '\n' || c == '\r' && peek() != '\n') {
                    line++;
                }
                value.append((char) c);
            }
        }
        int after = peek();
        if (after != ',' && after != '\n' && after != '\r' && after != EOF) {
            throw new DataException(source + " line " + line + ": unexpected '" + (char) after + "' after the closing quote"
                    + " of field " + field + ". A quote inside a quoted field must be doubled (\"\").");
        }
        return value.toString();
    }

    private String unquoted(int field) {
        StringBuilder value = new StringBuilder();
        for (int c = peek(); c != ',' && c != '\n' && c != '\r' && c != EOF; c = peek()) {
            if (c == '"') {
                throw new DataException(source + " line " + line + ": a quote inside the unquoted field " + field + " ('"
                        + value + "\"...'). Wrap the whole field in quotes and double the inner quote.");
            }
            value.append((char) read());
        }
        return value.toString();
    }

    /** Consumes one line break: CRLF, LF or a lone CR. */
    private void lineBreak() {
        if (read() == '\r' && peek() == '\n') {
            read();
        }
        line++;
    }

    private int peek() {
        if (lookahead == Integer.MIN_VALUE) {
            lookahead = readChar();
        }
        return lookahead;
    }

    private int read() {
        int c = peek();
        lookahead = Integer.MIN_VALUE;
        return c;
    }

    private int readChar() {
        try {
            return in.read();
        } catch (IOException e) {
            throw new UncheckedIOException(source + " line " + line + ": " + e.getMessage(), e);
        }
    }
}
