package io.vfmigrate.planning;

/** A VM that stays, with the reason. */
public record Unplaceable(String vm, String reason) {}
