package course.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {

    @Test
    void readsQuotedFieldsWithCommasAndDoubledQuotes() {
        List<Csv.Row> rows = Csv.parse("t.csv", "id,text,n\n1,\"fly, then land\",\"he said \"\"hi\"\"\"\n");
        assertEquals(List.of("id", "text", "n"), rows.get(0).fields());
        assertEquals(List.of("1", "fly, then land", "he said \"hi\""), rows.get(1).fields());
    }

    @Test
    void keepsLineBreaksInsideQuotesAndReportsWhereEachRecordStarts() {
        List<Csv.Row> rows = Csv.parse("t.csv", "id,text\n1,\"line one\nline two\n\"\n2,b\n");
        assertEquals(3, rows.size());
        assertEquals("line one\nline two\n", rows.get(1).get(1));
        assertEquals(List.of(1, 2, 5), rows.stream().map(Csv.Row::line).toList());
    }

    @Test
    void acceptsCrlfLineEndingsInsideAndBetweenRecords() {
        List<Csv.Row> rows = Csv.parse("t.csv", "id,text\r\n1,\"a\r\nb\"\r\n2,c\r\n");
        assertEquals("a\r\nb", rows.get(1).get(1));
        assertEquals(List.of("2", "c"), rows.get(2).fields());
        assertEquals(List.of(1, 2, 4), rows.stream().map(Csv.Row::line).toList());
    }

    @Test
    void readsEmptyFieldsSkipsBlankLinesAndNeedsNoFinalNewline() {
        List<Csv.Row> rows = Csv.parse("t.csv", "a,b,c\n,,\n\n\"\",x,\n1,2,3");
        assertEquals(List.of("", "", ""), rows.get(1).fields());
        assertEquals(List.of("", "x", ""), rows.get(2).fields());
        assertEquals(List.of("1", "2", "3"), rows.get(3).fields());
        assertEquals(List.of(1, 2, 4, 5), rows.stream().map(Csv.Row::line).toList());
    }

    @Test
    void wrongFieldCountNamesSourceAndPhysicalLine() {
        String text = "a,b,c\n1,\"two\nlines\",3\n4,5\n";
        DataException e = assertThrows(DataException.class, () -> Csv.parse("Tweets.csv", text));
        assertTrue(e.getMessage().startsWith("Tweets.csv line 4: expected 3 fields (as in the header), found 2."), e.getMessage());
    }

    @Test
    void unterminatedQuoteNamesTheLineWhereTheFieldOpens() {
        DataException e = assertThrows(DataException.class, () -> Csv.parse("x.csv", "a,b\n1,2\n3,\"never closed\n4,5\n"));
        assertTrue(e.getMessage().startsWith("x.csv line 3: field 2 opens a quote that is never closed"), e.getMessage());
    }

    @Test
    void textAfterClosingQuoteIsAnError() {
        DataException e = assertThrows(DataException.class, () -> Csv.parse("x.csv", "a,b\n\"x\"y,2\n"));
        assertTrue(e.getMessage().startsWith("x.csv line 2: unexpected 'y' after the closing quote of field 1"), e.getMessage());
    }

    @Test
    void quoteInsideUnquotedFieldIsAnError() {
        DataException e = assertThrows(DataException.class, () -> Csv.parse("x.csv", "a,b\n1,2\n3,ab\"c\n"));
        assertTrue(e.getMessage().startsWith("x.csv line 3: a quote inside the unquoted field 2"), e.getMessage());
    }

    @Test
    void readingAFileNamesItByItsFileName(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("small.csv");
        Files.writeString(file, "a,b\n1,2\n3\n");
        DataException e = assertThrows(DataException.class, () -> Csv.read(file));
        assertTrue(e.getMessage().startsWith("small.csv line 3: expected 2 fields"), e.getMessage());
    }
}
