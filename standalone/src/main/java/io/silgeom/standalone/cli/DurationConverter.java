package io.silgeom.standalone.cli;

import java.time.Duration;

import io.silgeom.core.config.DurationParser;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations on the command line read like those in the config file: {@code 30s}, {@code 2m}, {@code 6h}, {@code PT2M}. */
final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        Duration d;
        try {
            d = DurationParser.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
        if (d.isNegative() || d.isZero()) {
            throw new TypeConversionException("must be longer than 0, got: " + value);
        }
        return d;
    }
}
