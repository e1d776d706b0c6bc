package dev.quiesce.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GuardPatternsTest {

    @Test
    void doubleStarCrossesSegmentsAndSingleStarDoesNot() {
        GuardPatterns patterns = GuardPatterns.parse("com.acme.lib.**|com.acme.*.Client");
        assertTrue(patterns.matches("com/acme/lib/Foo"));
        assertTrue(patterns.matches("com/acme/lib/deep/er/Foo$1"));
        assertFalse(patterns.matches("com/acme/lib"));
        assertFalse(patterns.matches("com/acme/library/Foo"));
        assertTrue(patterns.matches("com/acme/http/Client"));
        assertFalse(patterns.matches("com/acme/http/v2/Client"));
        assertFalse(patterns.matches("com/acme/http/ClientFactory"));
    }

    @Test
    void dollarIsLiteral() {
        GuardPatterns patterns = GuardPatterns.parse("a.Outer$Inner");
        assertTrue(patterns.matches("a/Outer$Inner"));
        assertFalse(patterns.matches("a/Outer"));
    }

    @Test
    void badPatternsAreRejectedWithWhatIsAllowed() {
        for (String bad : new String[] {"", "a..b", ".a", "a.", "a.***", "a b", "a|", "a/b"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GuardPatterns.parse(bad),
                    bad);
            assertTrue(e.getMessage().contains("use class names separated by '|'"), e.getMessage());
        }
        assertEquals("a.**|b.*", GuardPatterns.parse("a.**|b.*").toString());
    }
}
