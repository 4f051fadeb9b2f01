package org.doorway.dashboard.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    void quotesSeparatorsAndDefusesWhatASpreadsheetWouldRunAsAFormula() {
        Table table = new Table(
                "t",
                "T",
                List.of("a", "b, c"),
                List.of(
                        List.of(Cell.text("=HYPERLINK(\"x\")"), Cell.text("say \"hi\"")),
                        List.of(Cell.text("-5"), Cell.text("-x")),
                        List.of(Cell.count(3), Cell.seconds(90.0))),
                null);

        assertThat(Csv.write(table))
                .isEqualTo("a,\"b, c\"\r\n"
                        + "\"'=HYPERLINK(\"\"x\"\")\",\"say \"\"hi\"\"\"\r\n"
                        + "-5,'-x\r\n"
                        + "3,90.0\r\n");
    }

    @Test
    void aRowMustHaveACellForEveryColumn() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new Table("t", "T", List.of("a", "b"), List.of(List.of(Cell.text("only one"))), null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
