// "Did you mean ...?": the nearest known name to a misspelt one, by edit distance.
// Used for unknown keys and unknown target states.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace amtsweg {

// Levenshtein distance: insertions, deletions and substitutions of single bytes.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate nearest to `word` when it is at most 2 edits away and fewer edits than `word`
// has characters (so "x" does not suggest "id"); the first such candidate wins a tie.
std::optional<std::string> nearest_name(std::string_view word, const std::vector<std::string>& candidates);

// "; did you mean 'start'?" or "" when nothing is near.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace amtsweg
