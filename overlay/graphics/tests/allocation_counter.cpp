#include "allocation_counter.hpp"

#include <cstdlib>
#include <new>

namespace {
thread_local bool tIsCounting = false;
thread_local long tAllocations = 0;
thread_local long tReleases = 0;
}  // namespace

// In a file of its own, so no caller inlines these next to the library's allocations.
void* operator new(std::size_t size) {
  if (tIsCounting) ++tAllocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  if (tIsCounting && p != nullptr) ++tReleases;
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  operator delete(p);
}

namespace sporazum::overlay::testing {

CountAllocations::CountAllocations() {
  tAllocations = 0;
  tReleases = 0;
  tIsCounting = true;
}
CountAllocations::~CountAllocations() {
  tIsCounting = false;
}
long CountAllocations::count() const {
  return tAllocations;
}
long CountAllocations::releases() const {
  return tReleases;
}

}  // namespace sporazum::overlay::testing
