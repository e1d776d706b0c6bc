package dev.quiesce.agent.unload;

/** The module lifecycle hooks, by the annotation that marks them. */
public enum HookKind {
    ON_DRAIN("dev/quiesce/OnDrain"),
    ON_RESUME("dev/quiesce/OnResume"),
    ON_UNLOAD("dev/quiesce/OnUnload");

    private final String annotationDescriptor;

    HookKind(String internalName) {
        this.annotationDescriptor = "L" + internalName + ";";
    }

    /** The hook of this annotation descriptor, or null. */
    public static HookKind ofAnnotation(String descriptor) {
        for (HookKind kind : values()) {
            if (kind.annotationDescriptor.equals(descriptor)) {
                return kind;
            }
        }
        return null;
    }

    /** As written in source, e.g. {@code @OnUnload}. */
    public String label() {
        String simple = annotationDescriptor.substring(annotationDescriptor.lastIndexOf('/') + 1);
        return "@" + simple.substring(0, simple.length() - 1);
    }
}
