package io.silgeom.serving.dashboard;

import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;

/**
 * The live chart at {@code /}: static files from this package's resource folder, and uPlot from its webjar at
 * {@link #UPLOT_SCRIPT}. Everything is served by this process; the page loads nothing from elsewhere, so it works on
 * a machine without internet access.
 */
public final class Dashboard {
    /** Classpath folder of index.html, dashboard.js and dashboard.css. */
    public static final String RESOURCES = "/io/silgeom/serving/dashboard";
    /** Where the page loads uPlot from (the version must match the org.webjars.npm:uplot dependency). */
    public static final String UPLOT_SCRIPT = "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js";

    private Dashboard() {
    }

    public static void install(JavalinConfig config) {
        config.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = RESOURCES;
            files.location = Location.CLASSPATH;
        });
        config.staticFiles.enableWebjars();
    }
}
