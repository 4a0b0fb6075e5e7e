package io.silgeom.standalone;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * THINK HARD ABOUT THE LAYERING OF THE PROJECT BEFORE CHANGING THIS FILE (DESIGN.md §2).
 *
 * <p>Maven module dependencies already stop most breaks (a layer module cannot see another layer's jar); these rules
 * stop the rest: third-party libraries confined to the package that owns them, and the one module that sees every
 * class, standalone, being the only place that wires layers together. This test lives in standalone because only
 * its classpath holds every module.
 */
@AnalyzeClasses(packages = "io.silgeom",
        importOptions = {ImportOption.DoNotIncludeTests.class, LayeringTest.DoNotIncludeTestJars.class})
class LayeringTest {
    @ArchTest
    static final ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
            // NOTE: optional, so the rule also holds while a module has no classes yet; a misspelt package cannot
            // slip through, because ensureAllClassesAreContainedInArchitecture fails on any class outside the layers.
            .withOptionalLayers(true)
            .layer("core").definedBy("io.silgeom.core..")
            .layer("ingest").definedBy("io.silgeom.ingest..")
            .layer("batch").definedBy("io.silgeom.batch..")
            .layer("speed").definedBy("io.silgeom.speed..")
            .layer("serving").definedBy("io.silgeom.serving..")
            .layer("standalone").definedBy("io.silgeom.standalone..")
            .whereLayer("core").mayNotAccessAnyLayer()
            .whereLayer("ingest").mayOnlyBeAccessedByLayers("standalone")
            .whereLayer("batch").mayOnlyBeAccessedByLayers("standalone")
            .whereLayer("speed").mayOnlyBeAccessedByLayers("standalone")
            .whereLayer("serving").mayOnlyBeAccessedByLayers("standalone")
            .whereLayer("standalone").mayNotBeAccessedByAnyLayer()
            .ensureAllClassesAreContainedInArchitecture()
            .because("core is what every layer shares and knows none of them; the layers meet only in standalone, "
                    + "so each one can be deployed as its own process on a cluster");

    @ArchTest
    static final ArchRule luceneOnlyInText = noClasses().that().resideOutsideOfPackage("io.silgeom.core.text..")
            .should().dependOnClassesThat().resideInAPackage("org.apache.lucene..")
            .because("the batch view and the speed view must count keywords with the very same analysis code");

    @ArchTest
    static final ArchRule hadoopOnlyInBatch = noClasses()
            .that().resideOutsideOfPackages("io.silgeom.batch..", "io.silgeom.standalone..")
            .should().dependOnClassesThat().resideInAPackage("org.apache.hadoop..")
            .because("only the batch layer reads and writes HDFS and runs MapReduce (standalone configures it for "
                    + "the embedded stack); the speed and serving processes must start without Hadoop");

    @ArchTest
    static final ArchRule redisClientsOnlyWhereViewsAreReadOrWritten = noClasses()
            .that().resideOutsideOfPackages("io.silgeom.speed..", "io.silgeom.serving..", "io.silgeom.batch..",
                    "io.silgeom.standalone..")
            .should().dependOnClassesThat().resideInAPackage("redis.clients..")
            .because("Redis holds the views: the speed layer writes the speed view, the batch layer loads the batch "
                    + "view and reconciles, serving reads both; core only names the keys (RedisKeys) and ingest "
                    + "only talks to Kafka");

    @ArchTest
    static final ArchRule picocliOnlyInCli = noClasses().that().resideOutsideOfPackage("io.silgeom.standalone.cli..")
            .should().dependOnClassesThat().resideInAPackage("picocli..")
            .because("commands parse arguments and hand typed values to the layers, so every layer stays usable "
                    + "from tests, Oozie and Quartz without a command line");

    /** Test fixtures shared through a module's test-jar (e.g. core's RealRedis) are test code, not a layer. */
    static final class DoNotIncludeTestJars implements ImportOption {
        @Override
        public boolean includes(com.tngtech.archunit.core.importer.Location location) {
            return !location.contains("-tests.jar") && !location.contains("/test-classes/");
        }
    }
}
