#pragma once
// Counts operator new and delete calls on the calling thread while a CountAllocations is alive (the
// test binary replaces the global operator new in allocation_counter.cpp).

namespace sporazum::overlay::testing {

class CountAllocations {
 public:
  CountAllocations();
  ~CountAllocations();
  CountAllocations(const CountAllocations&) = delete;
  CountAllocations& operator=(const CountAllocations&) = delete;

  long count() const;     ///< operator new calls
  long releases() const;  ///< operator delete calls
};

}  // namespace sporazum::overlay::testing
