package dev.symdex.engine.model;

/**
 * The stat of a regular file, as read now.
 *
 * @param size bytes
 * @param mtimeNanos modification time, nanoseconds since the epoch
 * @param inode inode number, 0 when unknown
 */
public record FileStat(long size, long mtimeNanos, long inode) {}
