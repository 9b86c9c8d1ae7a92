#include "common/lru_cache.hpp"

#include <gtest/gtest.h>

#include <string>

namespace tributary {
namespace {

std::shared_ptr<const std::string> Str(const char* s) { return std::make_shared<const std::string>(s); }

TEST(SharedLruCache, FindsWhatWasInsertedAndCountsHitsAndMisses) {
  SharedLruCache<std::string> cache(1000);
  EXPECT_EQ(cache.Find("a"), nullptr);
  cache.Insert("a", Str("alpha"), 10);
  auto a = cache.Find("a");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(*a, "alpha");
  const CacheStats s = cache.stats();
  EXPECT_EQ(s.hits, 1);
  EXPECT_EQ(s.misses, 1);
  EXPECT_EQ(s.entries, 1);
  EXPECT_EQ(s.bytes, 11);  // the value's 10 and the key's 1
}

TEST(SharedLruCache, EvictsTheLeastRecentlyUsedPastTheBudget) {
  SharedLruCache<std::string> cache(3 * 101);
  cache.Insert("a", Str("A"), 100);
  cache.Insert("b", Str("B"), 100);
  cache.Insert("c", Str("C"), 100);
  ASSERT_NE(cache.Find("a"), nullptr);  // a is now the most recent: b goes first
  cache.Insert("d", Str("D"), 100);
  EXPECT_EQ(cache.Find("b"), nullptr);
  EXPECT_NE(cache.Find("a"), nullptr);
  EXPECT_NE(cache.Find("c"), nullptr);
  EXPECT_NE(cache.Find("d"), nullptr);
  EXPECT_LE(cache.stats().bytes, 3 * 101);
}

TEST(SharedLruCache, AValueOutlivesItsEvictionWithItsHolder) {
  SharedLruCache<std::string> cache(200);
  cache.Insert("a", Str("kept by the caller"), 150);
  auto held = cache.Find("a");
  cache.Insert("b", Str("B"), 150);  // evicts a
  EXPECT_EQ(cache.Find("a"), nullptr);
  ASSERT_NE(held, nullptr);
  EXPECT_EQ(*held, "kept by the caller");
}

TEST(SharedLruCache, AValueLargerThanTheBudgetIsNotKept) {
  SharedLruCache<std::string> cache(100);
  cache.Insert("small", Str("s"), 10);
  cache.Insert("huge", Str("h"), 1000);
  EXPECT_EQ(cache.Find("huge"), nullptr);
  EXPECT_NE(cache.Find("small"), nullptr);  // and it did not push the small one out
}

TEST(SharedLruCache, ShrinkingTheBudgetEvictsAtOnceAndZeroKeepsNothing) {
  SharedLruCache<std::string> cache(1000);
  for (const char* k : {"a", "b", "c", "d"}) cache.Insert(k, Str(k), 99);
  cache.SetCapacity(250);
  EXPECT_EQ(cache.stats().entries, 2);
  EXPECT_NE(cache.Find("d"), nullptr);
  EXPECT_NE(cache.Find("c"), nullptr);
  cache.SetCapacity(0);
  EXPECT_EQ(cache.stats().entries, 0);
  cache.Insert("e", Str("e"), 1);
  EXPECT_EQ(cache.Find("e"), nullptr);
}

TEST(SharedLruCache, AnInsertUnderAKeyAlreadyHeldKeepsTheFirst) {
  SharedLruCache<std::string> cache(1000);
  cache.Insert("k", Str("first"), 10);
  cache.Insert("k", Str("second"), 10);
  EXPECT_EQ(*cache.Find("k"), "first");
  EXPECT_EQ(cache.stats().entries, 1);
}

}  // namespace
}  // namespace tributary
