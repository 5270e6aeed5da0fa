// The Catch2 test runner: every TEST_CASE under tests/ is linked into one binary and registered
// with ctest one by one (catch_discover_tests).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
