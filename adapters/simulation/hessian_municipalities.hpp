// Hessian cities, municipalities and districts with their official keys (Amtlicher
// Gemeindeschlüssel): the applicants of the simulated consultation procedure.
#pragma once

#include <string>
#include <vector>

namespace amtsweg::simulation {

struct Municipality {
  std::string name;
  std::string ags;  // 8 digits for a city or municipality, 5 for a district (Landkreis)
};

// 313 entries in key order: the five district-free cities, every municipality of 14 districts and
// 20 of the Wetteraukreis, and the 21 districts themselves.
const std::vector<Municipality>& hessian_municipalities();

}  // namespace amtsweg::simulation
