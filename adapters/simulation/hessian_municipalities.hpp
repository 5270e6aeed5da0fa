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

// Every municipality of 14 Hessian districts, the five district-free cities and the 21 districts,
// in key order.
const std::vector<Municipality>& hessian_municipalities();

}  // namespace amtsweg::simulation
