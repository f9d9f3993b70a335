package io.vfmigrate.cli;

/** {@code --output}: text for people, one JSON document for programs. */
public enum OutputFormat { text, json }
