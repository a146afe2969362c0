// Memory for large inputs. A 6.7 MB template becomes ~30 MB of nodes, strings and model; with 4 KB
// pages that is ~7,400 page faults, an eighth of the run (measured on the CDK-shaped bench). Backing
// the heap with transparent huge pages (where the kernel offers them on request, THP "madvise" or
// "always") cuts them to a few hundred.
#pragma once
#include <cstddef>

namespace iamlint::memory {

// Called before reading an input of `bytes`: from the first input of 2 MB or more on, the main
// heap grows in 64 MB steps marked MADV_HUGEPAGE, and large blocks come from it rather than from
// their own mappings. Once per process; a no-op elsewhere than Linux with glibc, and for small
// inputs (start-up stays as it was).
void prepare_for_input(size_t bytes);

}  // namespace iamlint::memory
