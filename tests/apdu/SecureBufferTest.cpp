// SecureBuffer: deep copies, moves that leave nothing behind, wiping, and the fixed capacity.
#include <gtest/gtest.h>

#include <utility>

#include "ias/apdu/SecureBuffer.h"

namespace ias {
namespace {

const Bytes kPin = fromHex("31323334FFFFFFFF");

bool allZero(const std::uint8_t* p, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i)
        if (p[i] != 0) return false;
    return true;
}

TEST(SecureBufferTest, StartsEmptyWithItsCapacity) {
    const SecureBuffer b(16);
    EXPECT_TRUE(b.empty());
    EXPECT_EQ(b.size(), 0u);
    EXPECT_EQ(b.capacity(), 16u);
    const SecureBuffer none;
    EXPECT_EQ(none.capacity(), 0u);
    EXPECT_TRUE(none.view().empty());
}

TEST(SecureBufferTest, CopyIsDeepAndEqual) {
    const SecureBuffer a = SecureBuffer::copyOf(view(kPin));
    SecureBuffer b = a;
    EXPECT_NE(a.data(), b.data());
    EXPECT_TRUE(b.equals(view(kPin)));
    b[0] = 0x39;
    EXPECT_TRUE(a.equals(view(kPin))) << "changing the copy changed the original";
    SecureBuffer c(2);
    c = a;
    EXPECT_TRUE(c.equals(view(kPin)));
    EXPECT_EQ(c.capacity(), a.capacity());
}

TEST(SecureBufferTest, SelfAssignmentKeepsTheContent) {
    SecureBuffer a = SecureBuffer::copyOf(view(kPin));
    SecureBuffer& alias = a;
    a = alias;
    EXPECT_TRUE(a.equals(view(kPin)));
    a = std::move(alias);
    EXPECT_TRUE(a.equals(view(kPin)));
}

TEST(SecureBufferTest, MoveTransfersTheAllocationAndEmptiesTheSource) {
    SecureBuffer a = SecureBuffer::copyOf(view(kPin));
    const std::uint8_t* storage = a.data();
    SecureBuffer b(std::move(a));
    EXPECT_EQ(b.data(), storage);
    EXPECT_TRUE(b.equals(view(kPin)));
    EXPECT_EQ(a.data(), nullptr);  // NOLINT(bugprone-use-after-move): the moved-from state is the point
    EXPECT_EQ(a.size(), 0u);
    EXPECT_EQ(a.capacity(), 0u);
    SecureBuffer c(4);
    c = std::move(b);
    EXPECT_EQ(c.data(), storage);
    EXPECT_EQ(b.capacity(), 0u);  // NOLINT(bugprone-use-after-move)
}

TEST(SecureBufferTest, ClearWipesEveryByteAndKeepsTheAllocation) {
    SecureBuffer b = SecureBuffer::copyOf(view(kPin));
    const std::uint8_t* storage = b.data();
    b.clear();
    EXPECT_TRUE(b.empty());
    EXPECT_EQ(b.data(), storage);
    EXPECT_EQ(b.capacity(), kPin.size());
    EXPECT_TRUE(allZero(b.data(), b.capacity()));
}

TEST(SecureBufferTest, ShrinkingWipesTheDroppedBytesAndGrowingZeroFills) {
    SecureBuffer b = SecureBuffer::copyOf(view(kPin));
    b.resize(2);
    EXPECT_TRUE(b.equals(view(fromHex("3132"))));
    EXPECT_TRUE(allZero(b.data() + 2, b.capacity() - 2));
    b.resize(5);
    EXPECT_TRUE(b.equals(view(fromHex("3132000000"))));
}

TEST(SecureBufferTest, CapacityIsAHardLimit) {
    SecureBuffer b(4);
    b.append(view(fromHex("010203")));
    b.push_back(0x04);
    EXPECT_EQ(b.size(), 4u);
    EXPECT_THROW(b.push_back(0x05), std::length_error);
    EXPECT_THROW(b.append(view(fromHex("05"))), std::length_error);
    EXPECT_THROW(b.resize(5), std::length_error);
    EXPECT_TRUE(b.equals(view(fromHex("01020304")))) << "a refused append must not change the content";
    SecureBuffer empty;
    EXPECT_NO_THROW(empty.append(ByteView{}));
    EXPECT_THROW(empty.push_back(0), std::length_error);
}

TEST(SecureBufferTest, AppendsAnotherSecureBuffer) {
    SecureBuffer b(8);
    b.append(SecureBuffer::copyOf(std::string_view("1234")));
    b.append(SecureBuffer::copyOf(view(fromHex("FFFFFFFF"))));
    EXPECT_TRUE(b.equals(view(kPin)));
}

TEST(SecureBufferTest, EqualsComparesLengthAndContent) {
    const SecureBuffer b = SecureBuffer::copyOf(std::string_view("1234"));
    EXPECT_TRUE(b.equals(view(fromHex("31323334"))));
    EXPECT_FALSE(b.equals(view(fromHex("31323335"))));
    EXPECT_FALSE(b.equals(view(fromHex("313233"))));
    EXPECT_TRUE(SecureBuffer().equals(ByteView{}));
}

}  // namespace
}  // namespace ias
