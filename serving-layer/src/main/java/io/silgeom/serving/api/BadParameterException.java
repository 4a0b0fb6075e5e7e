package io.silgeom.serving.api;

/** A request parameter is missing its form or range; the message names the parameter and the value (400). */
public final class BadParameterException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadParameterException(String parameter, String value, String problem) {
        super(parameter + ": '" + value + "' " + problem);
    }
}
