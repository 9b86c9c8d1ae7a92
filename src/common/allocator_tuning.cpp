#include "common/allocator_tuning.hpp"

#include <malloc.h>

namespace tributary {

void TuneAllocatorForLargeBuffers() {
  // 32 MiB is glibc's upper limit for the mmap threshold on 64-bit; freed
  // memory below the trim threshold stays mapped for reuse.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
}

}  // namespace tributary
