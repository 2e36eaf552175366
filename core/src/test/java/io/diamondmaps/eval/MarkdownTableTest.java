package io.diamondmaps.eval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MarkdownTableTest {
    @Test
    void rendersAlignedColumnsAndEscapesPipes() {
        String text = new MarkdownTable("task", "log p(k | x)").row("a|b", 0.5).row("c", 1e-6).toString();
        assertEquals("""
                | task | log p(k \\| x) |
                |------|---------------|
                | a\\|b | 0.5000        |
                | c    | 1.000e-06     |
                """, text);
    }

    @Test
    void aRowMustFillEveryColumn() {
        assertThrows(IllegalArgumentException.class, () -> new MarkdownTable("a", "b").row(1));
    }
}
