package io.watchfloor.schemas;

/**
 * Avro 1.12 refuses to instantiate SpecificRecord classes outside trusted packages. Every entry point calls
 * {@link #install()} before Avro is used, so a service started with a plain {@code java -cp} works.
 */
public final class AvroTrust {
    public static final String PROPERTY = "org.apache.avro.SERIALIZABLE_PACKAGES";
    public static final String TRUSTED = "io.watchfloor.schemas.avro,java.lang,java.util,org.apache.avro";

    private AvroTrust() {
    }

    /** Sets the trusted packages unless the JVM was started with its own list. */
    public static void install() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, TRUSTED);
        }
    }
}
