package dev.quiesce.agent.instrument;

/** A host class with a template method, as a framework has: never rewritten (it is not a fixture). */
public abstract class TemplateHost {
    public final String serve() {
        return handle();
    }

    protected abstract String handle();
}
