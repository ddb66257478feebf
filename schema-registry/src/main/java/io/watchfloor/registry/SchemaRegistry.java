package io.watchfloor.registry;

import io.watchfloor.schemas.registry.AvroCompatibility;
import io.watchfloor.schemas.registry.CompatibilityLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's rules, independent of HTTP: global ids shared across subjects, idempotent registration,
 * compatibility checks, soft deletes and config. Every change is appended to the {@link RegistryLog} first and
 * applied locally only once the log acknowledged it; writers are serialised.
 */
public final class SchemaRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistry.class);
    private static final int MAX_SUBJECT_LENGTH = 255;

    private final RegistryLog log;
    private final RegistryState state = new RegistryState();
    private final ReentrantLock writeLock = new ReentrantLock();

    /** Builds the state by reading the whole log. */
    public SchemaRegistry(RegistryLog log) {
        this.log = log;
        log.readNew(state::apply);
    }

    /** The outcome of a registration: the global id and the subject version it is (or already was). */
    public record Registered(int id, int version, boolean created) {
    }

    /** Registers the schema under the subject, or returns the id it already has there. */
    public Registered register(String subject, String schemaText) {
        checkSubject(subject);
        String canonical = canonical(schemaText);
        writeLock.lock();
        try {
            catchUp();
            for (SubjectVersion v : state.versions(subject, false)) {
                if (v.schema().equals(canonical)) {
                    return new Registered(v.id(), v.version(), false);
                }
            }
            Schema candidate = parse(canonical);
            CompatibilityLevel level = state.effectiveLevel(subject);
            List<String> problems = AvroCompatibility.check(level, candidate, previousSchemas(subject));
            if (!problems.isEmpty()) {
                throw new RegistryException(409, RegistryException.INCOMPATIBLE, "Schema being registered is "
                        + "incompatible with an earlier schema for subject \"" + subject + "\" under " + level
                        + ", details: " + problems);
            }
            int id = state.idOf(canonical).orElseGet(state::nextId);
            int version = state.maxVersion(subject) + 1;
            SubjectVersion created = new SubjectVersion(subject, version, id, canonical, false);
            write(RegistryState.schemaKey(subject, version), RegistryState.schemaValue(created));
            LOG.info("Registered schema id {} as version {} of subject {}", id, version, subject);
            return new Registered(id, version, true);
        } finally {
            writeLock.unlock();
        }
    }

    /** The version of the subject holding this schema; 40401 when the subject is unknown, 40403 when not there. */
    public SubjectVersion lookup(String subject, String schemaText) {
        String canonical = canonical(schemaText);
        List<SubjectVersion> versions = requireSubject(subject);
        return versions.stream().filter(v -> v.schema().equals(canonical)).reduce((a, b) -> b)
                .orElseThrow(() -> RegistryException.schemaNotFound("the schema is not registered under subject '"
                        + subject + "'"));
    }

    public String schemaById(int id) {
        return state.schemaById(id).orElseThrow(() -> RegistryException.schemaNotFound("no schema with id " + id));
    }

    public List<SubjectVersion> usesOf(int id) {
        schemaById(id);
        return state.usesOf(id);
    }

    public List<String> subjects(boolean includeDeleted) {
        return state.subjects(includeDeleted);
    }

    public List<Integer> versions(String subject, boolean includeDeleted) {
        List<SubjectVersion> versions = state.versions(subject, includeDeleted);
        if (versions.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        return versions.stream().map(SubjectVersion::version).toList();
    }

    /** A version by number, or the latest for {@code latest} / {@code -1}. */
    public SubjectVersion version(String subject, String versionText) {
        List<SubjectVersion> versions = requireSubject(subject);
        if (isLatest(versionText)) {
            return versions.get(versions.size() - 1);
        }
        int wanted = parseVersion(versionText);
        return versions.stream().filter(v -> v.version() == wanted).findFirst()
                .orElseThrow(() -> RegistryException.versionNotFound(subject, versionText));
    }

    /** Soft-deletes every version of the subject; returns the version numbers deleted. */
    public List<Integer> deleteSubject(String subject) {
        writeLock.lock();
        try {
            catchUp();
            List<SubjectVersion> versions = requireSubject(subject);
            for (SubjectVersion v : versions) {
                SubjectVersion deleted = new SubjectVersion(v.subject(), v.version(), v.id(), v.schema(), true);
                write(RegistryState.schemaKey(subject, v.version()), RegistryState.schemaValue(deleted));
            }
            LOG.info("Soft-deleted subject {} ({} versions)", subject, versions.size());
            return versions.stream().map(SubjectVersion::version).toList();
        } finally {
            writeLock.unlock();
        }
    }

    /** Soft-deletes one version; returns its number. */
    public int deleteVersion(String subject, String versionText) {
        writeLock.lock();
        try {
            catchUp();
            SubjectVersion v = version(subject, versionText);
            SubjectVersion deleted = new SubjectVersion(v.subject(), v.version(), v.id(), v.schema(), true);
            write(RegistryState.schemaKey(subject, v.version()), RegistryState.schemaValue(deleted));
            return v.version();
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Whether the schema could be registered: against the given version, or for {@code latest} against the
     * versions the subject's level looks at. A subject with no versions accepts anything.
     */
    public List<String> compatibilityProblems(String subject, String versionText, String schemaText) {
        checkSubject(subject);
        Schema candidate = parse(canonical(schemaText));
        CompatibilityLevel level = state.effectiveLevel(subject);
        List<Schema> previous;
        if (isLatest(versionText)) {
            previous = previousSchemas(subject);
        } else {
            parseVersion(versionText);
            previous = List.of(parse(version(subject, versionText).schema()));
        }
        return AvroCompatibility.check(level, candidate, previous);
    }

    public CompatibilityLevel globalLevel() {
        return state.globalLevel();
    }

    public Optional<CompatibilityLevel> subjectLevel(String subject) {
        return state.subjectLevel(subject);
    }

    public void setGlobalLevel(CompatibilityLevel level) {
        writeConfig(null, level);
    }

    public void setSubjectLevel(String subject, CompatibilityLevel level) {
        checkSubject(subject);
        writeConfig(subject, level);
    }

    /** Removes the subject's own level (it falls back to the global one); returns the level it had. */
    public CompatibilityLevel deleteSubjectLevel(String subject) {
        writeLock.lock();
        try {
            catchUp();
            CompatibilityLevel previous = state.subjectLevel(subject).orElseThrow(() -> new RegistryException(404,
                    RegistryException.SUBJECT_CONFIG_NOT_FOUND, "Subject '" + subject
                    + "' does not have subject-level compatibility configured"));
            write(RegistryState.configKey(subject), null);
            return previous;
        } finally {
            writeLock.unlock();
        }
    }

    private void writeConfig(String subject, CompatibilityLevel level) {
        writeLock.lock();
        try {
            catchUp();
            write(RegistryState.configKey(subject), RegistryState.configValue(level));
            LOG.info("Compatibility of {} set to {}", subject == null ? "the registry" : "subject " + subject,
                    level);
        } finally {
            writeLock.unlock();
        }
    }

    private void write(String key, String value) {
        try {
            log.append(key, value);
        } catch (RuntimeException e) {
            throw new RegistryException(500, RegistryException.STORE_ERROR, "Could not store the change in the "
                    + "registry log (" + e.getMessage() + "); check that Kafka is reachable and the _schemas "
                    + "topic is writable, then retry", e);
        }
        state.apply(key, value);
    }

    private void catchUp() {
        // picks up records this process wrote but did not apply (a lost acknowledgement) or another writer's
        try {
            log.readNew(state::apply);
        } catch (RuntimeException e) {
            throw new RegistryException(500, RegistryException.STORE_ERROR, "Could not read the registry log before "
                    + "writing (" + e.getMessage() + "); check that Kafka is reachable, then retry", e);
        }
    }

    private List<Schema> previousSchemas(String subject) {
        List<Schema> previous = new ArrayList<>();
        for (SubjectVersion v : state.versions(subject, false)) {
            previous.add(parse(v.schema()));
        }
        return previous;
    }

    private List<SubjectVersion> requireSubject(String subject) {
        List<SubjectVersion> versions = state.versions(subject, false);
        if (versions.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        return versions;
    }

    private static boolean isLatest(String versionText) {
        return "latest".equals(versionText) || "-1".equals(versionText);
    }

    private static int parseVersion(String versionText) {
        try {
            int version = Integer.parseInt(versionText);
            if (version >= 1) {
                return version;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the error below
        }
        throw new RegistryException(422, RegistryException.INVALID_VERSION, "The specified version '" + versionText
                + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    static void checkSubject(String subject) {
        if (subject == null || subject.isBlank() || subject.length() > MAX_SUBJECT_LENGTH
                || subject.chars().anyMatch(Character::isISOControl)) {
            throw new RegistryException(422, RegistryException.INVALID_SUBJECT, "Invalid subject: it must be 1 to "
                    + MAX_SUBJECT_LENGTH + " characters without control characters");
        }
    }

    /** The form schemas are stored and compared in: Avro's own JSON rendering of the parsed schema. */
    static String canonical(String schemaText) {
        return parse(schemaText).toString();
    }

    private static Schema parse(String schemaText) {
        if (schemaText == null || schemaText.isBlank()) {
            throw RegistryException.invalidSchema("empty schema");
        }
        try {
            return new Schema.Parser().parse(schemaText);
        } catch (AvroRuntimeException e) {
            throw RegistryException.invalidSchema(e.getMessage());
        } catch (RuntimeException e) {
            throw RegistryException.invalidSchema(e.toString());
        }
    }
}
