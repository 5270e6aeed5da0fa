// The "did you mean" suggestions: nearest by edit distance, at most 2 edits, never a suggestion
// that replaces most of a short word.
#include <catch2/catch.hpp>

#include "engine/dsl/name_suggestion.hpp"

using amtsweg::did_you_mean;
using amtsweg::edit_distance;
using amtsweg::nearest_name;

TEST_CASE("edit distance counts insertions, deletions and substitutions", "[dsl]") {
  CHECK(edit_distance("", "") == 0);
  CHECK(edit_distance("start", "start") == 0);
  CHECK(edit_distance("stat", "start") == 1);
  CHECK(edit_distance("aproved", "approved") == 1);
  CHECK(edit_distance("recieved", "received") == 2);
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("", "abc") == 3);
}

TEST_CASE("the nearest name within two edits is suggested, the first on a tie", "[dsl]") {
  const std::vector<std::string> states{"received", "approved", "rejected", "review"};
  CHECK(nearest_name("aproved", states) == "approved");
  CHECK(nearest_name("reviev", states) == "review");
  CHECK(nearest_name("archived", states) == std::nullopt);
  CHECK(nearest_name("x", {"id", "on"}) == std::nullopt);  // 2 edits away but only 1 letter long
  CHECK(nearest_name("ab", {"ax", "ay"}) == "ax");
  CHECK(did_you_mean("stat", {"id", "start", "states"}) == "; did you mean 'start'?");
  CHECK(did_you_mean("colour", {"final", "outcome"}) == "");
}
