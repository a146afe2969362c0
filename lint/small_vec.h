// A vector that keeps its first N elements inside the object: no heap allocation until it grows
// past N. Values (lint/value.h) use it because nearly every value is one alternative of one
// literal segment, and the model holds tens of thousands of them: with std::vector each cost two
// allocations to build and two frees to destroy, which was a large share of linting a big template.
// Only what the model and the rules use is provided (the std::vector subset they call).
#pragma once
#include <cstddef>
#include <initializer_list>
#include <memory>
#include <new>
#include <utility>

namespace iamlint {

template <typename T, size_t N>
class SmallVec {
  static_assert(N >= 1);

 public:
  using value_type = T;
  using iterator = T*;
  using const_iterator = const T*;

  SmallVec() = default;
  explicit SmallVec(size_t n) {
    reserve(n);
    for (size_t i = 0; i < n; ++i) emplace_back();
  }
  SmallVec(std::initializer_list<T> il) {
    reserve(il.size());
    for (const T& x : il) push_back(x);
  }
  SmallVec(const SmallVec& o) {
    reserve(o.size_);
    for (const T& x : o) push_back(x);
  }
  SmallVec(SmallVec&& o) noexcept { take(std::move(o)); }
  SmallVec& operator=(const SmallVec& o) {
    if (this != &o) {
      clear();
      reserve(o.size_);
      for (const T& x : o) push_back(x);
    }
    return *this;
  }
  SmallVec& operator=(SmallVec&& o) noexcept {
    if (this != &o) {
      release();
      take(std::move(o));
    }
    return *this;
  }
  ~SmallVec() { release(); }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T* data() { return data_; }
  const T* data() const { return data_; }
  T* begin() { return data_; }
  T* end() { return data_ + size_; }
  const T* begin() const { return data_; }
  const T* end() const { return data_ + size_; }
  T& operator[](size_t i) { return data_[i]; }
  const T& operator[](size_t i) const { return data_[i]; }
  T& front() { return data_[0]; }
  const T& front() const { return data_[0]; }
  T& back() { return data_[size_ - 1]; }
  const T& back() const { return data_[size_ - 1]; }

  void reserve(size_t n) {
    if (n > cap_) grow(n);
  }
  template <typename... Args>
  T& emplace_back(Args&&... args) {
    if (size_ == cap_) grow(cap_ < 4 ? 4 : cap_ * 2);  // the first heap block holds 4
    T* p = ::new (static_cast<void*>(data_ + size_)) T(std::forward<Args>(args)...);
    ++size_;
    return *p;
  }
  void push_back(const T& x) { emplace_back(x); }
  void push_back(T&& x) { emplace_back(std::move(x)); }
  void clear() {
    std::destroy(data_, data_ + size_);
    size_ = 0;
  }

 private:
  T* inline_data() { return std::launder(reinterpret_cast<T*>(inline_)); }
  bool on_heap() const { return data_ != reinterpret_cast<const T*>(inline_); }

  void grow(size_t n) {
    T* p = static_cast<T*>(::operator new(n * sizeof(T), std::align_val_t(alignof(T))));
    std::uninitialized_move(data_, data_ + size_, p);
    std::destroy(data_, data_ + size_);
    if (on_heap()) ::operator delete(data_, std::align_val_t(alignof(T)));
    data_ = p;
    cap_ = n;
  }
  // Destroys the elements and frees the heap block; leaves the object empty and inline.
  void release() {
    clear();
    if (on_heap()) ::operator delete(data_, std::align_val_t(alignof(T)));
    data_ = inline_data();
    cap_ = N;
  }
  // Takes o's elements (o is empty and inline afterwards); *this must be empty and inline.
  void take(SmallVec&& o) {
    if (o.on_heap()) {
      data_ = o.data_;
      size_ = o.size_;
      cap_ = o.cap_;
      o.data_ = o.inline_data();
      o.size_ = 0;
      o.cap_ = N;
      return;
    }
    std::uninitialized_move(o.data_, o.data_ + o.size_, data_);
    size_ = o.size_;
    o.clear();
  }

  alignas(T) unsigned char inline_[N * sizeof(T)];
  T* data_ = inline_data();
  size_t size_ = 0;
  size_t cap_ = N;
};

}  // namespace iamlint
