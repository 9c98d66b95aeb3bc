package dev.symdex.engine.resolve;

/**
 * A definition a call site may reach, and how sure the resolution is.
 *
 * @param path file of the definition
 * @param line its line
 * @param name its name
 * @param kind its kind label
 * @param container its container
 * @param confidence 0..1: the tier's confidence (same file 1.0, imported file 0.9, same directory
 *     0.7, anywhere 0.3; a Java call resolved by type 1.0) divided among the tier's candidates
 * @param tier why it is a candidate: by name {@code same-file}, {@code imported}, {@code
 *     same-directory}, {@code global}; a Java call resolved by type {@code typed}, {@code scope},
 *     {@code static-import}, {@code constructor}
 */
public record CallTarget(String path, int line, String name, String kind, String container, double confidence, String tier) {}
