#pragma once

namespace tributary {

/// Tunes glibc malloc for a process that allocates and frees large buffers
/// all the time (Parquet column chunks and pages of 0.1–2 MiB per column per
/// row group): such blocks are kept in the heap and reused instead of being
/// mmap'd and munmap'd each time, which made the kernel zero-fill every page
/// of every buffer again. Measured on a 10M-row full scan: 95k page faults
/// -> 3k, 1.21 s -> 0.8 s; peak RSS unchanged. Call once at the start of
/// main(); a library never calls it on its own.
void TuneAllocatorForLargeBuffers();

}  // namespace tributary
