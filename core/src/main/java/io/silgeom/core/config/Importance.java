package io.silgeom.core.config;

/** How much an operator should care about a key; orders the generated configuration reference. */
public enum Importance { HIGH, MEDIUM, LOW }
