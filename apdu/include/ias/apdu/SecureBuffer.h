#pragma once
// Memory for secrets (PINs, PUKs, session keys, SM plaintext): libsodium guarded allocation, locked pages,
// wiped on free. Fixed capacity: libsodium cannot grow an allocation in place, and growing by copy would
// leave the old copy behind.
#include <cstddef>
#include <cstdint>
#include <span>

#include "ias/apdu/Bytes.h"

namespace ias {

class SecureBuffer {
public:
    SecureBuffer() = default;
    // An empty buffer that can hold `capacity` bytes.
    explicit SecureBuffer(std::size_t capacity);
    // A buffer holding a copy of `bytes` (capacity = size).
    static SecureBuffer copyOf(ByteView bytes);
    static SecureBuffer copyOf(std::string_view text);

    SecureBuffer(const SecureBuffer& other);
    SecureBuffer& operator=(const SecureBuffer& other);
    SecureBuffer(SecureBuffer&& other) noexcept;
    SecureBuffer& operator=(SecureBuffer&& other) noexcept;
    ~SecureBuffer();

    std::uint8_t* data() { return data_; }
    const std::uint8_t* data() const { return data_; }
    std::size_t size() const { return size_; }
    std::size_t capacity() const { return capacity_; }
    bool empty() const { return size_ == 0; }
    ByteView view() const { return ByteView(data_, size_); }
    std::span<std::uint8_t> span() { return std::span<std::uint8_t>(data_, size_); }
    std::uint8_t operator[](std::size_t i) const { return data_[i]; }
    std::uint8_t& operator[](std::size_t i) { return data_[i]; }

    // Throw std::length_error when the capacity would be exceeded.
    void append(ByteView bytes);
    void append(const SecureBuffer& other) { append(other.view()); }
    void push_back(std::uint8_t byte);
    // Grows or shrinks within the capacity; new bytes are zero, dropped bytes are wiped.
    void resize(std::size_t newSize);
    // Wipes the content; keeps the allocation.
    void clear();

    // Constant-time comparison of contents.
    bool equals(ByteView other) const;

private:
    void release() noexcept;
    std::uint8_t* data_ = nullptr;
    std::size_t size_ = 0;
    std::size_t capacity_ = 0;
};

}  // namespace ias
