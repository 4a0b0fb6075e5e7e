package io.silgeom.standalone.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code silgeom --version}: the Implementation-Version the build writes into the standalone jar's manifest. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = SilgeomCommand.class.getPackage().getImplementationVersion();
        // Classes run from target/classes have no manifest.
        return new String[] {"silgeom " + (version == null ? "(development build)" : version),
                "Java " + Runtime.version() + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch")};
    }
}
