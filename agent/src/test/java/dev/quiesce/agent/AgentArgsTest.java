package dev.quiesce.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.agent.instrument.GuardPatterns;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AgentArgsTest {

    @Test
    void parsesEveryArgument() {
        AgentArgs args = AgentArgs.parse(
                "guard=com.acme.**|org.x.*.Client, collect-timeout=250ms,jmx=false,explicit-gc=false,fix-leaks=false");
        assertEquals(java.util.List.of(), args.problems());
        assertTrue(args.guard().matches("com/acme/deep/Thing"));
        assertEquals(Duration.ofMillis(250), args.collectTimeout());
        assertFalse(args.jmx());
        assertFalse(args.explicitGc());
        assertFalse(args.fixLeaks());
    }

    @Test
    void emptyArgumentsMeanDefaults() {
        AgentArgs args = AgentArgs.parse(null);
        assertSame(GuardPatterns.NONE, args.guard());
        assertEquals(Duration.ofSeconds(5), args.collectTimeout());
        assertTrue(args.jmx());
        assertTrue(args.explicitGc());
        assertTrue(args.fixLeaks());
        assertEquals(args, AgentArgs.parse(" "));
    }

    @Test
    void badArgumentsAreReportedAndTheirDefaultsKept() {
        AgentArgs args = AgentArgs.parse("collect-timeout=2m,bogus=1,jmx,guard=a..b,collect-timeout=5 s");
        assertEquals(Duration.ofMinutes(2), args.collectTimeout(), "the valid value before the bad one stays");
        assertTrue(args.jmx());
        assertEquals(4, args.problems().size(), args.problems().toString());
        assertTrue(args.problems().get(0).startsWith("agent argument ignored: unknown argument 'bogus'. Usage:"));
        assertTrue(args.problems().get(1).contains("'jmx' has no value"));
        assertTrue(args.problems().get(2).contains("bad guard pattern 'a..b'"));
        assertTrue(args.problems().get(3).contains("collect-timeout=5 s is not a duration"));
    }
}
