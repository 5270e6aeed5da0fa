// Made-up people and streets (see people.hpp).
#include "adapters/simulation/people.hpp"

#include <cctype>
#include <vector>

namespace amtsweg::simulation {
namespace {

const std::vector<std::string> kFirstNames = {
    "Anna",   "Lena",    "Julia",   "Sarah",     "Laura",     "Katharina", "Maria",      "Sabine", "Petra", "Monika",
    "Ursula", "Claudia", "Sandra",  "Nicole",    "Stefanie",  "Hannah",    "Sophie",     "Emma",   "Mia",   "Leonie",
    "Thomas", "Michael", "Andreas", "Stefan",    "Christian", "Markus",    "Frank",      "Jürgen", "Klaus", "Peter",
    "Jan",    "Tobias",  "Daniel",  "Lukas",     "Felix",     "Jonas",     "Maximilian", "Paul",   "Ahmet", "Mehmet",
    "Fatma",  "Ayşe",    "Piotr",   "Katarzyna", "Luca",      "Elena"};
const std::vector<std::string> kLastNames = {
    "Müller",  "Schmidt",  "Schneider", "Fischer",  "Weber",    "Meyer",   "Wagner",  "Becker", "Schulz",  "Hoffmann",
    "Koch",    "Richter",  "Klein",     "Wolf",     "Schröder", "Neumann", "Schwarz", "Braun",  "Hofmann", "Zimmermann",
    "Schmitt", "Hartmann", "Krüger",    "Werner",   "Lange",    "Schmitz", "Krause",  "Meier",  "Lehmann", "Huber",
    "Kaiser",  "Fuchs",    "Peters",    "Jung",     "Möller",   "Weiß",    "Keller",  "Vogel",  "Roth",    "Beck",
    "Lorenz",  "Baumann",  "Franke",    "Albrecht", "Yılmaz",   "Kaya",    "Nowak",   "Rossi"};
const std::vector<std::string> kStreets = {
    "Bahnhofstraße",      "Hauptstraße",      "Schulstraße",   "Gartenstraße",   "Ludwigstraße",
    "Frankfurter Straße", "Marburger Straße", "Goethestraße",  "Schillerstraße", "Lindenweg",
    "Am Anger",           "Kirchgasse",       "Wilhelmstraße", "Liebigstraße",   "Ringstraße",
    "Universitätsstraße", "Neustadt",         "Steinweg",      "Ketzerbach",     "Schwanallee"};

}  // namespace

std::string ascii_slug(const std::string& text) {
  static const std::vector<std::pair<std::string, std::string>> map = {{"ä", "ae"}, {"ö", "oe"}, {"ü", "ue"},
                                                                       {"Ä", "ae"}, {"Ö", "oe"}, {"Ü", "ue"},
                                                                       {"ß", "ss"}, {"ş", "s"},  {"ı", "i"}};
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    bool mapped = false;
    for (const auto& [from, to] : map)
      if (text.compare(i, from.size(), from) == 0) {
        out += to;
        i += from.size();
        mapped = true;
        break;
      }
    if (mapped) continue;
    const unsigned char c = static_cast<unsigned char>(text[i++]);
    if (std::isalnum(c)) out += static_cast<char>(std::tolower(c));
  }
  return out;
}

std::string Person::email(Dice& dice) const {
  static const std::vector<std::string> providers = {"web.de",    "gmx.de",    "t-online.de",
                                                     "gmail.com", "posteo.de", "outlook.de"};
  return ascii_slug(first) + "." + ascii_slug(last) + "@" + dice.pick(providers);
}

Person random_person(Dice& dice) { return {dice.pick(kFirstNames), dice.pick(kLastNames)}; }

std::string random_street(Dice& dice) { return dice.pick(kStreets) + " " + std::to_string(dice.between(1, 120)); }

}  // namespace amtsweg::simulation
