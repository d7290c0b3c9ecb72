#include "ias/apdu/SecureBuffer.h"

#include <sodium.h>

#include <cstring>
#include <new>
#include <stdexcept>

namespace ias {

namespace {
void ensureSodium() {
    // sodium_init is idempotent and thread-safe; it must run before sodium_malloc.
    static const int rc = sodium_init();
    if (rc < 0) throw std::runtime_error("libsodium could not be initialised");
}
}  // namespace

SecureBuffer::SecureBuffer(std::size_t capacity) : capacity_(capacity) {
    if (capacity == 0) return;
    ensureSodium();
#ifdef IAS_SECURE_BUFFER_ON_HEAP
    // Fuzz builds only: guarded pages cost an mmap and mprotects per buffer (a hundred times slower), and
    // AddressSanitizer watches heap memory more closely than sodium's guard pages do.
    data_ = new std::uint8_t[capacity];
#else
    data_ = static_cast<std::uint8_t*>(sodium_malloc(capacity));
    if (data_ == nullptr) throw std::bad_alloc();
#endif
    sodium_memzero(data_, capacity);
}

SecureBuffer SecureBuffer::copyOf(ByteView bytes) {
    SecureBuffer b(bytes.size());
    b.append(bytes);
    return b;
}

SecureBuffer SecureBuffer::copyOf(std::string_view text) {
    return copyOf(ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

SecureBuffer::SecureBuffer(const SecureBuffer& other) : SecureBuffer(other.capacity_) {
    append(other.view());
}

SecureBuffer& SecureBuffer::operator=(const SecureBuffer& other) {
    if (this != &other) {
        SecureBuffer copy(other);
        *this = std::move(copy);
    }
    return *this;
}

SecureBuffer::SecureBuffer(SecureBuffer&& other) noexcept
    : data_(other.data_), size_(other.size_), capacity_(other.capacity_) {
    other.data_ = nullptr;
    other.size_ = other.capacity_ = 0;
}

SecureBuffer& SecureBuffer::operator=(SecureBuffer&& other) noexcept {
    if (this != &other) {
        release();
        data_ = other.data_;
        size_ = other.size_;
        capacity_ = other.capacity_;
        other.data_ = nullptr;
        other.size_ = other.capacity_ = 0;
    }
    return *this;
}

SecureBuffer::~SecureBuffer() {
    release();
}

void SecureBuffer::release() noexcept {
#ifdef IAS_SECURE_BUFFER_ON_HEAP
    if (data_ != nullptr) sodium_memzero(data_, capacity_);
    delete[] data_;
#else
    if (data_ != nullptr) sodium_free(data_);  // sodium_free wipes before unmapping
#endif
    data_ = nullptr;
    size_ = capacity_ = 0;
}

void SecureBuffer::append(ByteView bytes) {
    if (bytes.size() > capacity_ - size_) throw std::length_error("SecureBuffer capacity exceeded");
    if (!bytes.empty()) std::memcpy(data_ + size_, bytes.data(), bytes.size());
    size_ += bytes.size();
}

void SecureBuffer::push_back(std::uint8_t byte) {
    append(ByteView(&byte, 1));
}

void SecureBuffer::resize(std::size_t newSize) {
    if (newSize > capacity_) throw std::length_error("SecureBuffer capacity exceeded");
    if (newSize < size_) {
        sodium_memzero(data_ + newSize, size_ - newSize);
    } else if (newSize > size_) {
        std::memset(data_ + size_, 0, newSize - size_);
    }
    size_ = newSize;
}

void SecureBuffer::clear() {
    if (data_ != nullptr) sodium_memzero(data_, capacity_);
    size_ = 0;
}

bool SecureBuffer::equals(ByteView other) const {
    if (other.size() != size_) return false;
    if (size_ == 0) return true;
    return sodium_memcmp(data_, other.data(), size_) == 0;
}

}  // namespace ias
