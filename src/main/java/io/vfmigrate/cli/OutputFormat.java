package io.vfmigrate.cli;

/** {@code --output}: text for people, one JSON document for programs. */
enum OutputFormat { text, json }
