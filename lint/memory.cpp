#include "lint/memory.h"

#include <mutex>

#if defined(__linux__) && defined(__GLIBC__)
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#endif

namespace iamlint::memory {

void prepare_for_input(size_t bytes) {
#if defined(__linux__) && defined(__GLIBC__) && defined(MADV_HUGEPAGE)
  constexpr size_t kLarge = size_t{2} << 20;
  constexpr size_t kHuge = size_t{2} << 20;
  constexpr size_t kPad = size_t{64} << 20;
  if (bytes < kLarge) return;
  static std::once_flag once;
  std::call_once(once, [] {
    // Large blocks (the file's text, big vectors) from the heap, never trimmed back, which grows
    // 64 MB at a time (address space; pages are only committed when touched).
    mallopt(M_MMAP_THRESHOLD, 256 << 20);
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
    mallopt(M_TOP_PAD, static_cast<int>(kPad));
    // Grow the heap now, then mark everything from here to its top for huge pages. Only the
    // main heap (brk) is marked; worker threads' arenas keep 4 KB pages.
    void* p = std::malloc(256 << 10);
    if (!p) return;
    auto at = reinterpret_cast<uintptr_t>(p);
    auto top = reinterpret_cast<uintptr_t>(sbrk(0));
    // Only when the block came from the freshly grown main heap (not from another allocator's
    // mapping, as under a sanitizer): then [block, top) is the heap's new space.
    if (at < top && top - at <= kPad + (size_t{4} << 20)) {
      auto lo = (at + kHuge - 1) & ~(uintptr_t{kHuge} - 1);
      auto hi = top & ~(uintptr_t{kHuge} - 1);
      if (hi > lo) (void)madvise(reinterpret_cast<void*>(lo), hi - lo, MADV_HUGEPAGE);
    }
    std::free(p);
  });
#else
  (void)bytes;
#endif
}

}  // namespace iamlint::memory
