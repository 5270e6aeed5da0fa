// Made-up people and streets for simulated applications: common German first and last names
// combined at random, so no real person is meant.
#pragma once

#include <string>

#include "adapters/simulation/dice.hpp"

namespace amtsweg::simulation {

struct Person {
  std::string first;
  std::string last;
  std::string full_name() const { return first + " " + last; }
  // first.last@<a common mail provider>, without umlauts.
  std::string email(Dice& dice) const;
};

Person random_person(Dice& dice);
// Lower-case ASCII for mail addresses: "Neustadt (Hessen)" -> "neustadthessen", "ä" -> "ae".
std::string ascii_slug(const std::string& text);
std::string random_street(Dice& dice);  // "Bahnhofstraße 12"

}  // namespace amtsweg::simulation
